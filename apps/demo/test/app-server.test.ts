import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MockServer, startMockServer } from "@vlmchat/mock-server";
import { knownModels } from "@vlmchat/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, openBackend } from "../src/backend";
import { type AppServer, startAppServer } from "../src/web/app-server";

const KEY = "sk-app-server-test-9f3a";
let api: MockServer;
let backend: Backend;
let app: AppServer;
let pageDir: string;

beforeAll(async () => {
  // The mock server, requiring a token, stands in for VLM Run's API.
  api = await startMockServer({ db: ":memory:", token: KEY });
  backend = await openBackend({ sessions: "temp", baseURL: api.baseURL, env: { VLMRUN_API_KEY: KEY } });
  pageDir = mkdtempSync(join(tmpdir(), "vlmchat-demo-page-test-"));
  writeFileSync(join(pageDir, "index.html"), "<!doctype html><title>page</title>");
  app = await startAppServer({ backend, pageDir, defaultModel: "vlmrun-orion-1:fast" });
});

afterAll(async () => {
  await app?.close();
  await backend?.close();
  await api?.close();
  if (pageDir) rmSync(pageDir, { recursive: true, force: true });
});

const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: "vlmrun-orion-1:fast", messages: [{ role: "user", content: "hello" }], ...extra });

describe("the web demo's app server", () => {
  it("tells the page where requests go, without the key", async () => {
    const response = await fetch(`${app.url}/api/config`);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      backend: "api",
      apiOrigin: new URL(api.url).origin,
      defaultModel: "vlmrun-orion-1:fast",
    });
    expect(text).not.toContain(KEY);
  });

  it("relays a streamed completion to the API, adding the key the browser never had", async () => {
    const response = await fetch(`${app.url}/api/v1/openai/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chatBody({ stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("content-length")).toBeNull();
    const text = await response.text();
    expect(text).toMatch(/^data: \{"id":"chatcmpl-/);
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(text).not.toContain(KEY);
  });

  it("passes the API's 422 through whole", async () => {
    const response = await fetch(`${app.url}/api/v1/openai/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chatBody({ temperature: 3 }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      detail: [{ loc: ["body", "temperature"], type: "less_than_equal" }],
    });
  });

  it("lists the models through the relay", async () => {
    const response = await fetch(`${app.url}/api/v1/openai/models`);
    expect(response.status).toBe(200);
    const ids = ((await response.json()) as { data: { id: string }[] }).data.map((model) => model.id);
    expect(ids).toEqual(knownModels);
  });

  it.each([
    { method: "GET", path: "/api/v1/openai/chat/completions" },
    { method: "DELETE", path: "/api/v1/openai/models" },
    { method: "GET", path: "/api/v1/openai/_vlmchat/poll/x" },
    { method: "GET", path: "/api/v1/health" },
    { method: "GET", path: "/api/v1/openai/../../v1/health" },
    { method: "GET", path: "/api/v1/openai/models/.." },
    { method: "GET", path: "/api/v1/openai/models/%2e%2e" },
  ])("relays nothing but the page's routes: $method $path is 404", async ({ method, path }) => {
    const { status } = await rawRequest(method, path);
    expect(status).toBe(404);
  });

  it.each(["/../package.json", "/%2e%2e/%2e%2e/package.json", "/..%2fpackage.json", "/%E0%A4%A"])(
    "serves only the page's own files: %s is 404",
    async (path) => {
      const { status } = await rawRequest("GET", path);
      expect(status).toBe(404);
    },
  );

  it("relays an artifact of the page's session, with the key, as bytes that cannot script the page", async () => {
    const made = await fetch(`${app.url}/api/v1/openai/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chatBody({ toolsets: ["image-gen"], messages: [{ role: "user", content: "Draw a boat" }] }),
    });
    const completion = (await made.json()) as {
      session_id: string;
      choices: { message: { content: string } }[];
    };
    const id = /\bimg_\w{6}\b/.exec(completion.choices[0]?.message.content ?? "")?.[0];
    expect(id).toBeDefined();
    const response = await fetch(
      `${app.url}/api/v1/artifacts?session_id=${completion.session_id}&object_id=${id}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect([...new Uint8Array(await response.arrayBuffer()).subarray(0, 4)]).toEqual([
      0x89, 0x50, 0x4e, 0x47,
    ]);
  });

  it.each([
    { path: "/api/v1/artifacts", status: 400 },
    { path: "/api/v1/artifacts?session_id=s&object_id=img_a1b2c3&execution_id=x", status: 400 },
    { path: "/api/v1/artifacts?session_id=s&object_id=img_a1b2c3&object_id=img_000000", status: 400 },
    { path: "/api/v1/artifacts?session_id=s&object_id=../list", status: 400 },
    { path: "/api/v1/artifacts?session_id=a%26b&object_id=img_a1b2c3", status: 400 },
    { path: "/api/v1/artifacts/list?session_id=s", status: 404 },
    { path: "/api/v1/artifacts/../files", status: 404 },
  ])("relays only one checked artifact request: $path is $status", async ({ path, status }) => {
    expect((await rawRequest("GET", path)).status).toBe(status);
  });

  it("relays no artifact request other than GET", async () => {
    expect((await rawRequest("DELETE", "/api/v1/artifacts?session_id=s&object_id=img_a1b2c3")).status).toBe(
      405,
    );
  });

  it("serves the page at /", async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain("<title>page</title>");
  });
});

describe("the app server's relay, in other setups", () => {
  it("does not pass the browser's own Authorization header on", async () => {
    const keyless: Backend = { ...backend, kind: "mock", apiKey: undefined };
    const relay = await startAppServer({ backend: keyless, pageDir, defaultModel: "vlmrun-orion-1:fast" });
    try {
      const response = await fetch(`${relay.url}/api/v1/openai/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
        body: chatBody(),
      });
      expect(response.status).toBe(401);
    } finally {
      await relay.close();
    }
  });

  it("answers 502 with a readable detail when the API cannot be reached", async () => {
    const gone = await startMockServer({ db: ":memory:" });
    await gone.close();
    const unreachable: Backend = { ...backend, baseURL: gone.baseURL };
    const relay = await startAppServer({
      backend: unreachable,
      pageDir,
      defaultModel: "vlmrun-orion-1:fast",
    });
    try {
      const response = await fetch(`${relay.url}/api/v1/openai/models`);
      expect(response.status).toBe(502);
      expect(((await response.json()) as { detail: string }).detail).toMatch(
        /^The API at http:\/\/127\.0\.0\.1:\d+ could not be reached: ECONNREFUSED$/,
      );
    } finally {
      await relay.close();
    }
  });
});

/** A request with its path sent exactly as written (fetch would normalise `..`). */
function rawRequest(method: string, path: string): Promise<{ status: number }> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    // A JSON content type, so the guard lets a state-changing method through to the relay's own check.
    const headers = { "content-type": "application/json" };
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on("error", reject);
    req.end();
  });
}
