import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, openBackend } from "../src/backend";
import { type AppServer, startAppServer } from "../src/web/app-server";

/**
 * The app server holds the API key: it must answer only its own page. A fake upstream (a plain
 * node:http server standing in for VLM Run's API) records every request it gets; each attack below must
 * be refused by the app server and never reach it. Requests go over raw sockets so the Host, Origin and
 * path are sent exactly as written.
 */
const KEY = "sk-guard-test-7c21";
let upstream: Server;
const seen: string[] = [];
let backend: Backend;
let app: AppServer;
let port: number;
let pageDir: string;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => {
      res.writeHead(200, {
        "content-type": "application/json",
        "access-control-allow-origin": "*",
        "access-control-allow-credentials": "true",
      });
      res.end(JSON.stringify({ object: "list", data: [] }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const baseURL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1/openai`;
  backend = await openBackend({ sessions: "temp", baseURL, env: { VLMRUN_API_KEY: KEY } });
  pageDir = mkdtempSync(join(tmpdir(), "vlmchat-guard-page-"));
  writeFileSync(join(pageDir, "index.html"), "<!doctype html><title>page</title>");
  app = await startAppServer({ backend, pageDir, defaultModel: "vlmrun-orion-1:fast", bodyLimit: 1024 });
  port = Number(new URL(app.url).port);
});

afterAll(async () => {
  await app?.close();
  await backend?.close();
  await new Promise((resolve) => upstream.close(resolve));
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

interface Raw {
  method?: string;
  path?: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One request, bytes as written, on a fresh socket; the status and the raw response. */
function send(request: Raw): Promise<{ status: number; text: string }> {
  const body = request.body ?? "";
  const headers = {
    host: request.host ?? `127.0.0.1:${port}`,
    connection: "close",
    ...(request.body === undefined ? {} : { "content-length": String(Buffer.byteLength(body)) }),
    ...request.headers,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\r\n");
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk;
    });
    const done = () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    socket.on("close", done);
    socket.on("error", done);
    socket.write(`${request.method ?? "GET"} ${request.path ?? "/"} HTTP/1.1\r\n${head}\r\n\r\n${body}`);
  });
}

const CHAT = "/api/v1/openai/chat/completions";
const JSON_BODY = JSON.stringify({ messages: [{ role: "user", content: "hi" }] });

describe("the app server refuses what is not its own page", () => {
  it.each([
    {
      name: "a cross-site text/plain POST",
      headers: { origin: "https://evil.example", "content-type": "text/plain" },
    },
    { name: "a POST with no content type", headers: {} as Record<string, string> },
    { name: "a same-origin text/plain POST", headers: { "content-type": "text/plain" } },
    {
      name: "a cross-origin JSON POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
    },
    {
      name: "an origin on another port",
      headers: { origin: "http://127.0.0.1:1", "content-type": "application/json" },
    },
  ])("403: $name", async ({ headers }) => {
    const { status } = await send({ method: "POST", path: CHAT, headers, body: JSON_BODY });
    expect(status).toBe(403);
  });

  it.each(["attacker.example", "attacker.example:PORT", "127.0.0.1", "localhost:1", "127.0.0.2:PORT"])(
    "403: Host %s (DNS rebinding)",
    async (host) => {
      for (const path of ["/api/config", "/api/v1/openai/models", "/"]) {
        const { status, text } = await send({ path, host: host.replace("PORT", String(port)) });
        expect(status, path).toBe(403);
        expect(text).not.toContain("defaultModel");
      }
    },
  );

  it.each([
    "/api/v1/openai/models/..\\..\\..\\admin\\keys",
    "/api/v1/openai/models/%5c..%5cadmin",
    "/api/v1/openai/models/%2e%2e",
    "/api/v1/openai/models/x%2f..%2f..%2fadmin",
  ])("404: the relay refuses %s", async (path) => {
    const { status } = await send({ path });
    expect(status).toBe(404);
  });

  it("413: a body over the limit", async () => {
    const { status } = await send({
      method: "POST",
      path: CHAT,
      headers: { "content-type": "application/json" },
      body: "x".repeat(2048),
    });
    expect(status).toBe(413);
  });

  it("the fake upstream saw none of them", () => {
    expect(seen).toEqual([]);
  });
});

describe("the app server serves its own page", () => {
  it.each(["127.0.0.1", "localhost", "[::1]"])(
    "on Host %s:<port>, a JSON POST from its own origin",
    async (name) => {
      const host = `${name}:${port}`;
      const { status, text } = await send({
        method: "POST",
        path: CHAT,
        host,
        headers: { origin: `http://${host}`, "content-type": "application/json; charset=utf-8" },
        body: JSON_BODY,
      });
      expect(status).toBe(200);
      expect(seen.at(-1)).toBe("POST /v1/openai/chat/completions");
      // Its own CORS policy, not the API's.
      expect(text.toLowerCase()).not.toContain("access-control-");
      expect(text.toLowerCase()).toContain("cross-origin-resource-policy: same-origin");
    },
  );

  it("a curl-style POST (no Origin) with a JSON content type", async () => {
    const { status } = await send({
      method: "POST",
      path: CHAT,
      headers: { "content-type": "application/json" },
      body: JSON_BODY,
    });
    expect(status).toBe(200);
  });
});
