import type { ChatCompletionChunk } from "@vlmchat/types";
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ChatCompletionStream,
  NotFoundError,
  UnprocessableEntityError,
  VlmChat,
  VlmChatError,
} from "../src/index";
import { hello, recorder, useMockServer } from "./helpers/mock";

const mock = useMockServer();

describe("VlmChat against the mock server", () => {
  it("creates a completion", async () => {
    const completion = await mock
      .client()
      .chat.completions.create({ messages: hello, model: "vlmrun-orion-1:fast" });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("vlmrun-orion-1:fast");
    expect(completion.choices[0]?.message.content).toEqual(expect.any(String));
    expect(completion.session_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("streams a completion whose assembly equals the streamed text", async () => {
    const stream = await mock.client().chat.completions.create({
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(stream).toBeInstanceOf(ChatCompletionStream);
    expect(stream.response?.headers.get("x-request-id")).toMatch(/^req_/);
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.message.content).toBe(text);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.session_id).toBe(chunks[0]?.session_id);
  });

  it("finalCompletion() reads an unread stream by itself", async () => {
    const stream = await mock.client().chat.completions.create({ messages: hello, stream: true });
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it("lists and retrieves models, and checks health", async () => {
    const client = mock.client();
    const list = await client.models.list();
    expect(list.object).toBe("list");
    expect(list.data.map((model) => model.id)).toContain("vlmrun-orion-1:auto");
    // A colon in a path segment: openapi-fetch encodes it, the server decodes it.
    expect(await client.models.retrieve("vlmrun-orion-2:pro")).toMatchObject({
      id: "vlmrun-orion-2:pro",
      object: "model",
    });
    await expect(client.models.retrieve("gpt-4o")).rejects.toBeInstanceOf(NotFoundError);
    expect(await client.health()).toMatchObject({ status: "ok" });
  });

  it("turns a 422 into UnprocessableEntityError with the server's detail", async () => {
    const client = mock.client();
    const error = await client.chat.completions
      .create({ messages: [{ role: "user", content: "x" }], temperature: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    const { detail, status, requestId } = error as UnprocessableEntityError;
    expect(status).toBe(422);
    expect(requestId).toMatch(/^req_/);
    expect(detail).toEqual([
      expect.objectContaining({ loc: ["body", "temperature"], type: "less_than_equal" }),
    ]);
    expect((error as Error).message).toBe("422 temperature: Input should be less than or equal to 2");
  });

  it("sends the default headers and the client's middleware on every request", async () => {
    const { middleware, requests } = recorder();
    const client = mock.client({ defaultHeaders: { "x-team": "vision" } }).use(middleware);
    await client.health();
    await client.chat.completions.create({ messages: hello }, { headers: { "x-trace": "t1" } });
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "GET /v1/health",
      "POST /v1/openai/chat/completions",
    ]);
    for (const request of requests) expect(request.headers.get("x-team")).toBe("vision");
    expect(requests[1]?.headers.get("x-trace")).toBe("t1");
    expect(requests[1]?.headers.get("content-type")).toBe("application/json");
    expect(requests[1]?.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(requests[0]?.headers.get("idempotency-key")).toBeNull();
  });
});

describe("configuration", () => {
  const saved = { key: process.env.VLMRUN_API_KEY, base: process.env.VLMRUN_BASE_URL };
  afterEach(() => {
    for (const [name, value] of [
      ["VLMRUN_API_KEY", saved.key],
      ["VLMRUN_BASE_URL", saved.base],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("defaults to https://agent.vlm.run/v1/openai", () => {
    delete process.env.VLMRUN_BASE_URL;
    expect(new VlmChat({ apiKey: null }).baseURL).toBe("https://agent.vlm.run/v1/openai");
  });

  it("reads VLMRUN_BASE_URL and VLMRUN_API_KEY", async () => {
    process.env.VLMRUN_BASE_URL = mock.baseURL;
    process.env.VLMRUN_API_KEY = "env-key-123";
    const { middleware, requests } = recorder();
    const client = new VlmChat().use(middleware);
    expect(client.baseURL).toBe(mock.baseURL);
    await client.health();
    expect(requests[0]?.headers.get("authorization")).toBe("Bearer env-key-123");
  });

  it("apiKey: null means no key even when the environment has one", async () => {
    process.env.VLMRUN_API_KEY = "env-key-123";
    const { middleware, requests } = recorder();
    await mock.client({ apiKey: null }).use(middleware).health();
    expect(requests[0]?.headers.get("authorization")).toBeNull();
  });

  it("baseURL is the option's name: openai-node's spelling is honoured, a misspelling is a TypeError naming it", async () => {
    const { middleware, requests } = recorder();
    await new VlmChat({ baseURL: mock.baseURL, apiKey: null }).use(middleware).health();
    expect(requests[0]?.url.startsWith(mock.url)).toBe(true);
    // @ts-expect-error: not an option
    expect(() => new VlmChat({ baseUrl: mock.baseURL, apiKey: null })).toThrow(
      new TypeError('Unknown VlmChat option "baseUrl"; did you mean baseURL?'),
    );
    // @ts-expect-error: not an option
    expect(() => new VlmChat({ maxRetry: 1, apiKey: null })).toThrow(/did you mean maxRetries\?/);
    // @ts-expect-error: not an option
    expect(() => new VlmChat({ zzzzzzzzzzzzz: 1, apiKey: null })).toThrow(
      /^Unknown VlmChat option "zzzzzzzzzzzzz"$/,
    );
  });

  it("refuses a base URL it cannot map (TypeError), and a key a header cannot carry (without echoing it)", () => {
    expect(() => new VlmChat({ baseURL: "https://agent.vlm.run/v2" })).toThrow(TypeError);
    expect(() => new VlmChat({ baseURL: "https://agent.vlm.run/v2" })).toThrow(/ending with \/v1\/openai/);
    const error = (() => {
      try {
        new VlmChat({ apiKey: "secret key\n", baseURL: mock.baseURL });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(VlmChatError);
    expect(error?.message).not.toContain("secret");
  });

  it("needs an explicit opt-in to hold a key in a browser page", () => {
    const globals = globalThis as { window?: unknown; document?: unknown };
    globals.window = {};
    globals.document = {};
    try {
      expect(() => new VlmChat({ apiKey: "k", baseURL: mock.baseURL })).toThrow(/dangerouslyAllowBrowser/);
      expect(
        () => new VlmChat({ apiKey: "k", baseURL: mock.baseURL, dangerouslyAllowBrowser: true }),
      ).not.toThrow();
      // Guest access exposes nothing.
      expect(() => new VlmChat({ apiKey: null, baseURL: mock.baseURL })).not.toThrow();
    } finally {
      delete globals.window;
      delete globals.document;
    }
  });

  it("adds no header a CORS preflight would have to allow in a browser page (no User-Agent)", async () => {
    const globals = globalThis as { window?: unknown; document?: unknown };
    globals.window = {};
    globals.document = {};
    const { middleware, requests } = recorder();
    try {
      const client = new VlmChat({ apiKey: null, baseURL: mock.baseURL }).use(middleware);
      await client.health();
      await client.chat.completions.create({ messages: [{ role: "user", content: "Hi" }] });
      for (const request of requests) {
        expect([...request.headers.keys()].filter((name) => name !== "content-type")).toEqual([]);
      }
    } finally {
      delete globals.window;
      delete globals.document;
    }
  });
});

describe("authentication", () => {
  const secured = useMockServer({ token: "right-key" });

  it("sends the key as a bearer token; a wrong one is an AuthenticationError", async () => {
    expect((await secured.client({ apiKey: "right-key" }).models.list()).data.length).toBeGreaterThan(0);
    const error = await secured
      .client({ apiKey: "wrong-key" })
      .models.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toBe("401 Invalid API key");
  });
});
