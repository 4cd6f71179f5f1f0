import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/index";
import { rawRequest } from "../helpers/raw-http";

/**
 * Proxy mode must only ever talk to its configured upstream. An "attacker" server on loopback records
 * every request it gets; request targets that a URL parser would resolve to it (absolute form, `//`,
 * backslashes, dot-segments, raw or percent-encoded) are sent over raw sockets, since fetch would
 * normalise them before they left.
 */
function recorder(): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data: [], stolen: true }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, port: (server.address() as AddressInfo).port, seen }),
    ),
  );
}

describe("proxy mode: request targets (SSRF)", () => {
  let upstream: Awaited<ReturnType<typeof recorder>>;
  let attacker: Awaited<ReturnType<typeof recorder>>;
  let proxy: MockServer;
  const dir = mkdtempSync(join(tmpdir(), "vlmchat-ssrf-"));

  beforeAll(async () => {
    upstream = await recorder();
    attacker = await recorder();
    proxy = await startMockServer({
      upstream: `http://127.0.0.1:${upstream.port}/v1/openai`,
      upstreamToken: "SECRET",
      violationsLog: join(dir, "violations.jsonl"),
    });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => upstream.server.close(resolve));
    await new Promise((resolve) => attacker.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const targets = (port: number) => [
    `//127.0.0.1:${port}/stolen`,
    `///127.0.0.1:${port}/stolen`,
    `http://127.0.0.1:${port}/x`,
    `/\\127.0.0.1:${port}/x`,
    `/v1/openai/models/..\\..\\..\\admin`,
    "/v1/openai/models/../../admin",
    "/v1/openai/models/%2e%2e/%2E%2E/admin",
    "/v1/openai/models/.%2e/admin",
    "/v1/openai/models/%5c..%5cadmin",
    "/v1/openai/./models",
    "/v1/openai/models%2f..%2fadmin",
  ];

  it("answers 400 to each and sends nothing to the attacker nor the upstream", async () => {
    for (const target of targets(attacker.port)) {
      const result = await rawRequest(proxy.port, { method: "GET", path: target });
      expect(result.status, target).toBe(400);
      expect(JSON.parse(result.body).detail, target).toMatch(/^Invalid request target/);
    }
    expect(attacker.seen).toEqual([]);
    expect(upstream.seen).toEqual([]);
  });

  it("still forwards a plain path, with the token, to the upstream only", async () => {
    const result = await rawRequest(proxy.port, { method: "GET", path: "/v1/openai/models?limit=1" });
    expect(result.status).toBe(200);
    expect(upstream.seen).toEqual(["GET /v1/openai/models?limit=1 Bearer SECRET"]);
    expect(attacker.seen).toEqual([]);
  });
});
