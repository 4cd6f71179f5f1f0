import { getEventListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIError, APITimeoutError, InternalServerError, ResponseTooLargeError, VlmChat } from "../src/index";
import { hello } from "./helpers/mock";

// Answers the mock server cannot give on purpose (a gzip bomb, an endless error body, a redirect to
// another origin, a poll that is never ready), from two servers on 127.0.0.1: `api` and `elsewhere`.
const completion = {
  id: "c1",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "from elsewhere" }, finish_reason: "stop" }],
  session_id: "s",
};
const counts = { requests: 0, errorBytes: 0, polls: 0 };
let api: Server;
let elsewhere: Server;
const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  // 8 MiB of spaces: 8 KiB on the wire.
  const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, " "));
  api = createServer((req, res) => {
    counts.requests++;
    req.resume();
    const want = req.headers["x-want"];
    if (want === "bomb") {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(bomb);
    } else if (want === "endless-error") {
      res.writeHead(500, { "content-type": "text/plain" });
      const piece = Buffer.alloc(64 * 1024, "e");
      const more = () => {
        while (!res.destroyed && counts.errorBytes < 64 * 1024 * 1024) {
          counts.errorBytes += piece.length;
          if (!res.write(piece)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    } else if (want === "redirect") {
      res.writeHead(302, { location: `${url(elsewhere)}/v1/openai/chat/completions` }).end();
    } else if (req.url?.startsWith("/poll")) {
      counts.polls++;
      res.writeHead(202, { "retry-after": "0" }).end();
    } else if (want === "poll") {
      res.writeHead(303, { location: "/poll" }).end();
    } else {
      res.writeHead(404).end();
    }
  });
  elsewhere = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion));
  });
  await Promise.all([api, elsewhere].map((s) => new Promise<void>((done) => s.listen(0, "127.0.0.1", done))));
});

afterAll(async () => {
  for (const server of [api, elsewhere]) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

const ask = (want: string, options: ConstructorParameters<typeof VlmChat>[0] = {}) =>
  new VlmChat({ baseURL: `${url(api)}/v1/openai`, apiKey: null, maxRetries: 2, ...options }).chat.completions
    .create({ messages: hello }, { headers: { "x-want": want } })
    .catch((e: unknown) => e);

describe("answers past the client's limits", () => {
  it("a gzip answer that expands past maxResponseSize is a ResponseTooLargeError, not read whole, not retried", async () => {
    counts.requests = 0;
    const error = await ask("bomb", { maxResponseSize: 1024 * 1024 });
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/maxResponseSize \(1048576 bytes\)/);
    expect(counts.requests).toBe(1);
  });

  it("an error body is read only up to maxErrorBodySize, on each attempt", async () => {
    counts.requests = 0;
    counts.errorBytes = 0;
    const error = (await ask("endless-error", { maxErrorBodySize: 1024, maxRetries: 0 })) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(String(error.body)).toBe(`${"e".repeat(1024)}…`);
    expect(counts.requests).toBe(1);
    // The server stopped when the client hung up: far less than the 64 MiB it had to send.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counts.errorBytes).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("redirects", () => {
  it("a redirect to another origin is an error, not the answer", async () => {
    const error = await ask("redirect");
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/redirected the request to another origin/);
  });
});

describe("polling a long request", () => {
  it("waits at least a floor that backs off, whatever Retry-After says, and leaves no listener behind", async () => {
    counts.polls = 0;
    const signals: AbortSignal[] = [];
    const fetch = (input: Request, init?: RequestInit) => {
      if (init?.signal) signals.push(init.signal);
      return globalThis.fetch(input, init);
    };
    const error = await ask("poll", { timeout: 2_000, maxRetries: 0, fetch });
    expect(error).toBeInstanceOf(APITimeoutError);
    // 250, 500, 1000 ms…: 3 or 4 polls in 2 s (not thousands).
    expect(counts.polls).toBeGreaterThanOrEqual(2);
    expect(counts.polls).toBeLessThanOrEqual(5);
    for (const signal of new Set(signals))
      expect(getEventListeners(signal, "abort").length).toBeLessThanOrEqual(1);
  });
});
