import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/index";
import { VIOLATIONS_HEADER_LIMIT } from "../../src/proxy/violations";
import { Api } from "../helpers/api";

/**
 * A deliberately misbehaving upstream: its answer is chosen by the request's path and `x-upstream-mode`
 * header, and it records what it received so the test can check the proxy forwarded it untouched.
 */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const CHUNK = (over: Record<string, unknown>) =>
  JSON.stringify({
    id: "chatcmpl-up",
    object: "chat.completion.chunk",
    created: 1767225600,
    model: "vlmrun-orion-1:auto",
    choices: [{ index: 0, delta: { content: "x" }, finish_reason: null }],
    session_id: "s-1",
    ...over,
  });

const GOOD_COMPLETION = JSON.stringify({
  id: "chatcmpl-up",
  object: "chat.completion",
  created: 1767225600,
  model: "vlmrun-orion-1:auto",
  choices: [{ index: 0, message: { role: "assistant", content: "Fine. ✓" }, finish_reason: "stop" }],
  session_id: "s-1",
});

const ANSWERS: Record<string, { status: number; type: string; body: string[] }> = {
  good: { status: 200, type: "application/json", body: [GOOD_COMPLETION] },
  "bad-completion": {
    status: 200,
    type: "application/json",
    body: [
      JSON.stringify({
        id: 7,
        object: "chat.completion",
        created: 1,
        model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: "x" }, finish_reason: "done" }],
        session_id: 5,
      }),
    ],
  },
  "not-json": { status: 200, type: "application/json", body: ["<html>oops</html>"] },
  "bad-error": { status: 503, type: "application/json", body: [JSON.stringify({ message: "down" })] },
  "openai-error": {
    status: 400,
    type: "application/json",
    body: [
      JSON.stringify({ error: { message: "bad", type: "invalid_request_error", param: null, code: null } }),
    ],
  },
  "good-stream": {
    status: 200,
    type: "text/event-stream",
    body: [
      `data: ${CHUNK({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n`,
      `: ping\n\ndata: ${CHUNK({})}\n\n`,
      `data: ${CHUNK({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
      `data: ${CHUNK({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })}\n\n`,
      "data: [DONE]\n\n",
    ],
  },
  "bad-stream": {
    status: 200,
    type: "text/event-stream",
    body: [
      `data: ${CHUNK({})}\n\n`, // no role on the first delta
      `data: ${CHUNK({ id: "chatcmpl-other" })}\n\n`, // the id changes
      `data: ${CHUNK({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
      `data: ${CHUNK({ choices: [{ index: 0, delta: { content: "late" }, finish_reason: "stop" }] })}\n\n`, // after its finish
      `data: ${CHUNK({ session_id: 5 })}\n\n`, // not a valid chunk
      "data: {not json\n\n",
    ], // and no [DONE]
  },
};

const HUGE = 65 * 1024 * 1024;
let upstream: Server;
let upstreamUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      received.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const mode = String(req.headers["x-upstream-mode"] ?? "good");
      if (mode === "redirect") {
        res.writeHead(303, { location: `${upstreamUrl}/v1/openai/_poll/7`, "content-length": 0 });
        res.end();
        return;
      }
      if (mode === "huge") {
        // Over the proxy's 64 MiB check limit: it must be relayed whole, never cut.
        const pad = Buffer.alloc(HUGE - 16, "x");
        res.writeHead(200, { "content-type": "application/json", "content-length": HUGE });
        res.write('{"pad":"');
        res.write(pad);
        res.end('","z":1}');
        return;
      }
      if (mode === "cut-stream") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(
          `data: ${CHUNK({ choices: [{ index: 0, delta: { role: "assistant" }, finish_reason: null }] })}\n\n`,
        );
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      const answer = ANSWERS[mode] as (typeof ANSWERS)[string];
      res.writeHead(answer.status, { "content-type": answer.type, "x-upstream": "yes" });
      for (const piece of answer.body) {
        res.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => upstream.close(resolve));
});

const dir = mkdtempSync(join(tmpdir(), "vlmchat-proxy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A raw exchange with the proxy, trailers included (fetch does not expose them). */
function exchange(
  proxy: MockServer,
  body: string,
  headers: Record<string, string>,
  path = "/v1/openai/chat/completions",
  method = "POST",
): Promise<{
  status: number;
  headers: IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  body: Buffer;
  complete: boolean;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${proxy.url}${path}`,
      { method, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            trailers: res.trailers,
            body: Buffer.concat(chunks),
            complete: res.complete,
          });
        res.on("end", done);
        res.on("error", done);
        res.on("aborted", done);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function logLines(path: string): Record<string, unknown>[] {
  try {
    return readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
}

describe("proxy mode", () => {
  let proxy: MockServer;
  const log = join(dir, "violations.jsonl");
  const request = JSON.stringify({ messages: [{ role: "user", content: "Hi ✓" }] });

  beforeAll(async () => {
    proxy = await startMockServer({
      db: ":memory:",
      upstream: `${upstreamUrl}/v1/openai`,
      violationsLog: log,
    });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it("relays an answer over the check limit whole and unchecked, and logs it", async () => {
    const answer = await exchange(proxy, "", { "x-upstream-mode": "huge" }, "/v1/openai/models", "GET");
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(true);
    expect(answer.body.length).toBe(HUGE);
    expect(answer.body.subarray(-8).toString()).toBe('","z":1}');
    expect(logLines(log).at(-1)).toMatchObject({ type: "too_large", path: "/v1/openai/models" });
  });

  it("forwards the request byte for byte with the caller's token, and relays a clean answer with a zero count", async () => {
    const body = '{ "messages" : [ {"role":"user","content":"Hi ✓ \\u00e9"} ],\n "temperature": 0.0 }';
    const before = received.length;
    const answer = await exchange(proxy, body, {
      authorization: "Bearer caller-key",
      "x-vlmchat-fault": "reset",
    });
    const seen = received[before] as Received;
    expect(seen.url).toBe("/v1/openai/chat/completions");
    expect(seen.body.equals(Buffer.from(body))).toBe(true);
    expect(seen.headers.authorization).toBe("Bearer caller-key");
    expect(seen.headers["x-vlmchat-fault"]).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(GOOD_COMPLETION);
    expect(answer.headers["x-upstream"]).toBe("yes");
    expect(answer.headers["x-vlmchat-violations"]).toBe("0");
  });

  it("counts the violations of a JSON answer in the header, bounded, and logs each one", async () => {
    const answer = await exchange(proxy, request, { "x-upstream-mode": "bad-completion" });
    expect(answer.body.toString()).toBe(ANSWERS["bad-completion"]?.body[0]);
    const header = String(answer.headers["x-vlmchat-violations"]);
    expect(header.length).toBeLessThanOrEqual(VIOLATIONS_HEADER_LIMIT);
    const count = Number.parseInt(header, 10);
    expect(count).toBeGreaterThanOrEqual(3);
    const lines = logLines(log).filter((line) => line.requestId === answer.headers["x-request-id"]);
    expect(lines).toHaveLength(count);
    expect(lines.map((line) => line.where)).toEqual(Array(count).fill("response"));
    expect(lines.map((line) => (line.loc as unknown[]).join("."))).toEqual(
      expect.arrayContaining(["response.id", "response.session_id", "response.choices.0.finish_reason"]),
    );
  });

  it.each([
    { mode: "not-json", type: "json_invalid" },
    { mode: "bad-error", type: "missing" },
  ])("flags an answer the spec does not allow ($mode)", async ({ mode, type }) => {
    const answer = await exchange(proxy, request, { "x-upstream-mode": mode });
    expect(Number.parseInt(String(answer.headers["x-vlmchat-violations"]), 10)).toBeGreaterThan(0);
    const lines = logLines(log).filter((line) => line.requestId === answer.headers["x-request-id"]);
    expect(lines.map((line) => line.type)).toContain(type);
  });

  it("accepts OpenAI's error body as the spec's default response", async () => {
    const answer = await exchange(proxy, request, { "x-upstream-mode": "openai-error" });
    expect(answer.status).toBe(400);
    expect(answer.headers["x-vlmchat-violations"]).toBe("0");
  });

  it("logs the violations of an invalid request, and still forwards it", async () => {
    const before = received.length;
    const answer = await exchange(proxy, '{"messages": [], "temperature": 9}', {});
    expect(received.length).toBe(before + 1);
    const lines = logLines(log).filter((line) => line.requestId === answer.headers["x-request-id"]);
    expect(lines.map((line) => [line.where, (line.loc as unknown[]).join(".")])).toEqual([
      ["request", "body.messages"],
      ["request", "body.temperature"],
    ]);
  });

  it("relays a clean stream untouched, with a zero count in its trailer", async () => {
    const answer = await exchange(
      proxy,
      JSON.stringify({
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "s" }],
      }),
      {
        "x-upstream-mode": "good-stream",
      },
    );
    expect(answer.body.toString()).toBe(ANSWERS["good-stream"]?.body.join(""));
    expect(answer.headers.trailer).toBe("x-vlmchat-violations");
    expect(answer.trailers["x-vlmchat-violations"]).toBe("0");
  });

  it("checks every chunk and the stream's invariants, counting them in the trailer", async () => {
    const answer = await exchange(
      proxy,
      JSON.stringify({ stream: true, messages: [{ role: "user", content: "s" }] }),
      {
        "x-upstream-mode": "bad-stream",
      },
    );
    expect(answer.body.toString()).toBe(ANSWERS["bad-stream"]?.body.join(""));
    const count = Number.parseInt(String(answer.trailers["x-vlmchat-violations"]), 10);
    const lines = logLines(log).filter((line) => line.requestId === answer.headers["x-request-id"]);
    expect(lines).toHaveLength(count);
    const messages = lines.map((line) => `${line.where}: ${line.msg}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "chunk 0: the first delta of choice 0 has no role",
        'chunk 1: id changed from "chatcmpl-up" to "chatcmpl-other"',
        "chunk 3: choice 0 continues after its finish_reason",
        "chunk 5: the event's data is not JSON (nor [DONE])",
        "stream: the stream ended without data: [DONE]",
      ]),
    );
    expect(
      lines.some(
        (line) => line.where === "chunk 4" && (line.loc as unknown[]).join(".") === "response.session_id",
      ),
    ).toBe(true);
  });

  it("points a 303 to the upstream back at the proxy, so the poll is checked too", async () => {
    const answer = await exchange(proxy, request, { "x-upstream-mode": "redirect" });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(`${proxy.url}/v1/openai/_poll/7`);
    expect(answer.headers["x-vlmchat-violations"]).toBe("0");
  });

  it("cuts the client's stream when the upstream cuts its own", async () => {
    const answer = await exchange(
      proxy,
      JSON.stringify({ stream: true, messages: [{ role: "user", content: "s" }] }),
      {
        "x-upstream-mode": "cut-stream",
      },
    );
    expect(answer.complete).toBe(false);
    const lines = logLines(log).filter((line) => line.requestId === answer.headers["x-request-id"]);
    expect(lines.map((line) => line.msg)).toContain("the stream ended without data: [DONE]");
  });

  it("forwards the GET operations, checking them against their own schemas", async () => {
    const before = received.length;
    // The misbehaving upstream answers a completion to everything: as a model list, that breaks the spec.
    const answer = await exchange(proxy, "", {}, "/v1/openai/models?x=1", "GET");
    expect(received[before]?.url).toBe("/v1/openai/models?x=1");
    expect(received[before]?.method).toBe("GET");
    expect(answer.body.toString()).toBe(GOOD_COMPLETION);
    expect(String(answer.headers["x-vlmchat-violations"])).toMatch(/^2; response\.object: /);
  });
});

describe("proxy mode with a configured upstream token and its own token", () => {
  let proxy: MockServer;
  beforeAll(async () => {
    proxy = await startMockServer({
      db: ":memory:",
      upstream: upstreamUrl,
      upstreamToken: "upstream-key",
      token: "proxy-key",
      violationsLog: join(dir, "v2.jsonl"),
    });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it("sends the configured token upstream, and gates callers on its own", async () => {
    const refused = await exchange(proxy, "{}", { authorization: "Bearer nope" });
    expect(refused.status).toBe(401);
    const before = received.length;
    const answer = await exchange(proxy, JSON.stringify({ messages: [{ role: "user", content: "x" }] }), {
      authorization: "Bearer proxy-key",
    });
    expect(answer.status).toBe(200);
    expect(received[before]?.headers.authorization).toBe("Bearer upstream-key");
  });
});

describe("proxy mode in front of the mock itself", () => {
  let mock: MockServer;
  let proxy: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ db: ":memory:" });
    proxy = await startMockServer({
      db: ":memory:",
      upstream: mock.baseURL,
      violationsLog: join(dir, "v3.jsonl"),
    });
  });
  afterAll(async () => {
    await proxy.close();
    await mock.close();
  });

  it("finds no violation in the mock's answers, streamed or not, errors included", async () => {
    const api = new Api(proxy.url);
    for (const body of [
      { messages: [{ role: "user", content: "hello" }] },
      {
        n: 2,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "hello" }],
      },
      { messages: [] },
    ]) {
      const answer = await exchange(proxy, JSON.stringify(body), {});
      expect(answer.headers["x-vlmchat-violations"] ?? answer.trailers["x-vlmchat-violations"]).toBe(
        body.messages.length === 0
          ? "1; body.messages: List should have at least 1 item after validation, not 0"
          : "0",
      );
    }
    expect((await api.request("GET", "/v1/openai/models")).headers.get("x-vlmchat-violations")).toBe("0");
  });

  it("answers 502 when the upstream is gone", async () => {
    const gone = await startMockServer({
      db: ":memory:",
      upstream: "http://127.0.0.1:1",
      violationsLog: join(dir, "v4.jsonl"),
    });
    try {
      const response = await new Api(gone.url).chat({ messages: [{ role: "user", content: "x" }] });
      expect(response.status).toBe(502);
      expect((response.json as { detail: string }).detail).toMatch(
        /^Upstream http:\/\/127\.0\.0\.1:1 did not answer: /,
      );
    } finally {
      await gone.close();
    }
  });
});
