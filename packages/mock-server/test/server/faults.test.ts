import type { ChatCompletion } from "@vlmchat/types";
import { describe, expect, it } from "vitest";
import { Api } from "../helpers/api";
import { type RawRequest, rawRequest } from "../helpers/raw-http";
import { useMockServer } from "../helpers/server";
import { specViolations } from "../helpers/spec-check";

const ask = { messages: [{ role: "user", content: "Tell me about faults." }] };

function chat(
  fault: string,
  body: Record<string, unknown> = ask,
  headers: Record<string, string> = {},
): RawRequest {
  return {
    method: "POST",
    path: "/v1/openai/chat/completions",
    headers: { "x-vlmchat-fault": fault, ...headers },
    body: JSON.stringify(body),
  };
}

const streamed = { ...ask, stream: true };

describe("fault injection on the wire", () => {
  const mock = useMockServer();
  const port = () => mock.server.port;

  describe("status", () => {
    it("answers status=429;retry-after=1 with the status, Retry-After and a FastAPI detail", async () => {
      const raw = await rawRequest(port(), chat("status=429;retry-after=1"));
      expect(raw.status).toBe(429);
      expect(raw.headers["retry-after"]).toBe("1");
      expect(JSON.parse(raw.body)).toEqual({ detail: "Rate limit exceeded (injected by x-vlmchat-fault)" });
    });

    it.each([
      { status: 500, detail: "Internal Server Error (injected by x-vlmchat-fault)" },
      { status: 502, detail: "Bad Gateway (injected by x-vlmchat-fault)" },
      { status: 503, detail: "Service Unavailable (injected by x-vlmchat-fault)" },
      { status: 401, detail: "Unauthorized (injected by x-vlmchat-fault)" },
    ])("answers status=$status with its detail", async ({ status, detail }) => {
      const response = await mock.api.chat(ask, { "x-vlmchat-fault": `status=${status}` });
      expect(response.status).toBe(status);
      expect(response.json).toEqual({ detail });
    });

    it("answers status=422 in the spec's 422 shape", async () => {
      const response = await mock.api.chat(ask, { "x-vlmchat-fault": "status=422" });
      expect(response.json).toEqual({
        detail: [
          { loc: ["body"], msg: "Unprocessable Entity (injected by x-vlmchat-fault)", type: "value_error" },
        ],
      });
    });

    it.each([
      {
        fault: "status=429; body=error",
        want: {
          error: { message: "Rate limit exceeded (injected by x-vlmchat-fault)", type: "rate_limit_error" },
        },
      },
      {
        fault: "status=503; body=detail-object",
        want: {
          detail: { message: "Service Unavailable (injected by x-vlmchat-fault)", type: "server_error" },
        },
      },
      {
        fault: "status=422; body=detail-string",
        want: { detail: "Unprocessable Entity (injected by x-vlmchat-fault)" },
      },
      { fault: "status=400; body=fastapi", want: { detail: "Bad Request (injected by x-vlmchat-fault)" } },
    ])("answers $fault in the body shape asked for", async ({ fault, want }) => {
      // Plain fetch, not the spec-checking helpers: these bodies are the ones VLM Run's SDKs read
      // besides the spec's documented FastAPI shape, so the client can be tested against real bytes.
      const response = await fetch(`${mock.server.url}/v1/openai/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-vlmchat-fault": fault },
        body: JSON.stringify(ask),
      });
      expect(response.status).toBe(Number(/status=(\d+)/.exec(fault)?.[1]));
      const body = (await response.json()) as { error?: { id?: string } };
      expect(body).toMatchObject(want);
      if (body.error) expect(body.error.id).toMatch(/^req_[0-9a-f]{24}$/);
    });

    it("sets retry-after-ms and x-should-retry", async () => {
      const response = await mock.api.chat(ask, {
        "x-vlmchat-fault": "status=503; retry-after-ms=250; should-retry=false",
      });
      expect(response.headers.get("retry-after-ms")).toBe("250");
      expect(response.headers.get("x-should-retry")).toBe("false");
      expect(response.headers.get("retry-after")).toBeNull();
    });

    it("applies to the GET operations too", async () => {
      expect(
        (await mock.api.request("GET", "/v1/openai/models", { headers: { "x-vlmchat-fault": "status=503" } }))
          .status,
      ).toBe(503);
      expect(
        (await mock.api.request("GET", "/v1/health", { headers: { "x-vlmchat-fault": "status=500" } }))
          .status,
      ).toBe(500);
    });
  });

  it("delay=<ms> holds the headers back", async () => {
    const raw = await rawRequest(port(), chat("delay=300"), 5_000);
    expect(raw.status).toBe(200);
    expect(raw.elapsedMs).toBeGreaterThanOrEqual(290);
  });

  it("reset destroys the socket before any header: no byte arrives", async () => {
    const raw = await rawRequest(port(), chat("reset"));
    expect(raw.raw.length).toBe(0);
    expect(raw.ended).toBe("reset");
  });

  it("reset on a GET operation too", async () => {
    const raw = await rawRequest(port(), {
      method: "GET",
      path: "/v1/openai/models",
      headers: { "x-vlmchat-fault": "reset" },
    });
    expect(raw.raw.length).toBe(0);
    expect(raw.ended).toBe("reset");
  });

  it.each([0, 1, 3])("reset-after=%i cuts the stream after that many chunks, without its end", async (n) => {
    const raw = await rawRequest(port(), chat(`reset-after=${n}`, streamed));
    expect(raw.status).toBe(200);
    expect(raw.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(raw.events).toHaveLength(n);
    expect(raw.complete).toBe(false);
    expect(raw.ended).toBe("eof");
  });

  it("reset-after past the end cuts before [DONE]", async () => {
    const raw = await rawRequest(port(), chat("reset-after=100000", streamed));
    expect(raw.events.length).toBeGreaterThan(2);
    expect(raw.events).not.toContain("[DONE]");
    expect(raw.complete).toBe(false);
  });

  it.each([0, 2])(
    "stall-after=%i sends that many chunks, then nothing, with the socket left open",
    async (n) => {
      const raw = await rawRequest(port(), chat(`stall-after=${n}`, streamed), 600);
      expect(raw.status).toBe(200);
      expect(raw.events).toHaveLength(n);
      expect(raw.ended).toBe("timeout");
    },
  );

  it("stall-after=0 on a JSON completion sends the headers, then nothing", async () => {
    const raw = await rawRequest(port(), chat("stall-after=0"), 600);
    expect(raw.status).toBe(200);
    expect(raw.headers["content-type"]).toBe("application/json");
    expect(raw.body).toBe("");
    expect(raw.ended).toBe("timeout");
  });

  it.each([0, 2])("error-after=%i sends that many chunks, then an SSE error event, and ends", async (n) => {
    const raw = await rawRequest(port(), chat(`error-after=${n}`, streamed));
    expect(raw.complete).toBe(true);
    expect(raw.events).toHaveLength(n + 1);
    expect(JSON.parse(raw.events.at(-1) as string)).toEqual({
      error: {
        message: "The stream failed (injected by x-vlmchat-fault: error-after).",
        type: "server_error",
        code: "internal_error",
      },
    });
    expect(raw.events).not.toContain("[DONE]");
  });

  describe("fail-times", () => {
    it("fails the first K requests with a key, then succeeds; keys count apart", async () => {
      const headers = { "x-vlmchat-fault": "fail-times=2", "x-vlmchat-fault-key": "retry-test-a" };
      expect((await mock.api.chat(ask, headers)).status).toBe(500);
      expect((await mock.api.chat(ask, { ...headers, "x-vlmchat-fault-key": "retry-test-b" })).status).toBe(
        500,
      );
      expect((await mock.api.chat(ask, headers)).status).toBe(500);
      expect((await mock.api.chat(ask, headers)).status).toBe(200);
      expect((await mock.api.chat(ask, headers)).status).toBe(200);
      expect((await mock.api.chat(ask, { ...headers, "x-vlmchat-fault-key": "retry-test-b" })).status).toBe(
        500,
      );
    });

    it("fails with the fault's own status and headers", async () => {
      const headers = {
        "x-vlmchat-fault": "fail-times=1;status=429;retry-after=0",
        "x-vlmchat-fault-key": "k-429",
      };
      const first = await mock.api.chat(ask, headers);
      expect(first.status).toBe(429);
      expect(first.headers.get("retry-after")).toBe("0");
      expect((await mock.api.chat(ask, headers)).status).toBe(200);
    });

    it("fails with a reset, then succeeds", async () => {
      const request = chat("fail-times=1;reset", ask, { "x-vlmchat-fault-key": "k-reset" });
      expect((await rawRequest(port(), request)).ended).toBe("reset");
      expect((await rawRequest(port(), request)).status).toBe(200);
    });

    it("needs a key", async () => {
      const response = await mock.api.chat(ask, { "x-vlmchat-fault": "fail-times=1" });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        detail:
          "Invalid x-vlmchat-fault header: fail-times needs an x-vlmchat-fault-key header naming the counter.",
      });
    });
  });

  describe("redirect: the 303 long-request flow", () => {
    it("answers 303 to a poll URL, which answers 202 with Retry-After: 0 P times, then 200 with the completion", async () => {
      const response = await mock.api.chat(
        { ...ask, session_id: "redirected" },
        { "x-vlmchat-fault": "redirect=2" },
      );
      expect(response.status).toBe(303);
      expect(response.body).toBe("");
      const location = response.headers.get("location") ?? "";
      expect(location).toMatch(new RegExp(`^${mock.server.url}/v1/openai/_vlmchat/poll/[0-9a-f-]{36}$`));
      const path = new URL(location).pathname;
      for (let poll = 0; poll < 2; poll++) {
        const pending = await mock.api.request("GET", path);
        expect(pending.status).toBe(202);
        expect(pending.headers.get("retry-after")).toBe("0");
      }
      const done = await mock.api.request("GET", path);
      expect(done.status).toBe(200);
      const completion = done.json as ChatCompletion;
      expect(completion.session_id).toBe("redirected");
      expect(completion.choices[0]?.message.content).toContain("Tell me about faults.");
      expect((await mock.api.request("GET", path)).json).toEqual(completion);
    });

    it("redirect alone means one pending poll; redirect=0 none", async () => {
      for (const [fault, pending] of [
        ["redirect", 1],
        ["redirect=0", 0],
      ] as const) {
        const response = await mock.api.chat(ask, { "x-vlmchat-fault": fault });
        const path = new URL(response.headers.get("location") ?? "").pathname;
        for (let i = 0; i < pending; i++) expect((await mock.api.request("GET", path)).status).toBe(202);
        expect((await mock.api.request("GET", path)).status).toBe(200);
      }
    });

    it("is followed by fetch itself, landing on the first poll", async () => {
      const response = await fetch(`${mock.server.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-vlmchat-fault": "redirect=0" },
        body: JSON.stringify(ask),
      });
      expect(response.status).toBe(200);
      expect(response.redirected).toBe(true);
      const body = await response.text();
      const url = new URL(response.url);
      expect(
        specViolations({
          method: "GET",
          url: url.pathname,
          requestBody: undefined,
          status: 200,
          headers: response.headers,
          body,
        }),
      ).toEqual([]);
      expect((JSON.parse(body) as ChatCompletion).object).toBe("chat.completion");
    });

    it("answers 404 for an unknown poll id", async () => {
      const response = await mock.api.request("GET", "/v1/openai/_vlmchat/poll/nope");
      expect(response.status).toBe(404);
    });
  });

  describe("invalid fault specs get a 400 saying what is wrong", () => {
    it.each([
      { fault: "explode", detail: /unknown directive "explode"/ },
      { fault: "status=200", detail: /status must be an HTTP error status from 400 to 599/ },
      { fault: "status=500;reset", detail: /status and reset cannot be combined/ },
      { fault: "__proto__", detail: /unknown directive "__proto__"/ },
      { fault: "constructor=1", detail: /unknown directive "constructor"/ },
      {
        fault: "status=500;body=xml",
        detail: /body must be one of fastapi, error, detail-string, detail-object/,
      },
      { fault: "body=error", detail: /body only apply to an error status/ },
    ])("$fault", async ({ fault, detail }) => {
      const response = await mock.api.chat(ask, { "x-vlmchat-fault": fault });
      expect(response.status).toBe(400);
      expect((response.json as { detail: string }).detail).toMatch(detail);
    });

    it.each([
      {
        fault: "reset-after=1",
        body: ask,
        detail: "reset-after=1 only applies to a streamed chat completion (stream: true).",
      },
      {
        fault: "error-after=0",
        body: ask,
        detail: "error-after=0 only applies to a streamed chat completion (stream: true).",
      },
      {
        fault: "stall-after=2",
        body: ask,
        detail: "stall-after=2 only applies to a streamed chat completion (stream: true).",
      },
      {
        fault: "redirect",
        body: streamed,
        detail: "redirect only applies to a non-streamed chat completion.",
      },
    ])("$fault where it cannot apply", async ({ fault, body, detail }) => {
      const response = await mock.api.chat(body, { "x-vlmchat-fault": fault });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ detail: `Invalid x-vlmchat-fault header: ${detail}` });
    });

    it("a stream fault on a GET operation", async () => {
      const response = await mock.api.request("GET", "/v1/openai/models", {
        headers: { "x-vlmchat-fault": "error-after=1" },
      });
      expect(response.status).toBe(400);
    });
  });

  it("a fault does not hide a 422: an invalid request is answered first", async () => {
    const response = await mock.api.chat({ messages: [] }, { "x-vlmchat-fault": "status=503" });
    expect(response.status).toBe(422);
  });
});

describe("close() ends stalled and slow exchanges", () => {
  const mock = useMockServer({ latencyMs: 1_000 });

  it("does not wait for a stall or a slow stream", async () => {
    const stalled = rawRequest(mock.server.port, chat("stall-after=1", streamed), 10_000);
    const slow = rawRequest(mock.server.port, chat("delay=60000"), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const started = performance.now();
    await mock.server.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await stalled).ended).not.toBe("timeout");
    expect((await slow).ended).not.toBe("timeout");
    expect(
      await new Api(mock.server.url).request("GET", "/v1/health").catch((error: Error) => error.message),
    ).toBe("fetch failed");
  });
});
