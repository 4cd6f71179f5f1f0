import { setupServer } from "msw/node";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandlers } from "../../src/msw";

/**
 * The MSW handlers in Node: `setupServer` intercepts the process's fetch, so the official `openai`
 * client (6.49.0), unchanged, talks to the mock at VLM Run's own hosts. Unhandled requests are errors:
 * nothing leaves the process.
 */
const server = setupServer(...createHandlers({ baseURL: "http://mock.test/vlm/v1/openai" }));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const hello = [{ role: "user" as const, content: "Describe a red square in one sentence." }];
const model = "vlmrun-orion-1:auto";

function openai(baseURL: string, options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) {
  return new OpenAI({ apiKey: "sk-mock", baseURL, maxRetries: 0, ...options });
}

describe("createHandlers with setupServer and the openai client", () => {
  it.each([
    "https://agent.vlm.run/v1/openai",
    "https://api.vlm.run/v1/openai",
    "http://mock.test/vlm/v1/openai",
  ])("answers at %s, streamed and not, with the same text", async (baseURL) => {
    const client = openai(baseURL);
    const completion = await client.chat.completions.create({ model, messages: hello });
    const text = completion.choices[0]?.message.content ?? "";
    expect(text.length).toBeGreaterThan(0);
    const stream = await client.chat.completions.create({ model, messages: hello, stream: true });
    let streamed = "";
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(streamed).toBe(text);
  });

  it("answers a bad request with the spec's 422", async () => {
    const error = await openai("https://agent.vlm.run/v1/openai")
      .chat.completions.create({ model: "no-such-model", messages: hello })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
  });

  it("plays faults: a 429, a 303 followed, a reset as a connection error", async () => {
    // `should-retry=false`: openai-node cancels a retryable answer's body before retrying, and under
    // setupServer that cancel never settles (mswjs/interceptors#799, in @mswjs/interceptors 0.41, which
    // msw 2 uses). Retries are tested through createMockFetch (mock-fetch.test.ts).
    const limited = openai("https://agent.vlm.run/v1/openai", {
      maxRetries: 2,
      defaultHeaders: { "x-vlmchat-fault": "status=429; should-retry=false" },
    });
    await expect(limited.chat.completions.create({ model, messages: hello })).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
    const redirected = openai("https://agent.vlm.run/v1/openai", {
      defaultHeaders: { "x-vlmchat-fault": "redirect=0" },
    });
    expect((await redirected.chat.completions.create({ model, messages: hello })).object).toBe(
      "chat.completion",
    );
    const reset = openai("https://agent.vlm.run/v1/openai", {
      defaultHeaders: { "x-vlmchat-fault": "reset" },
    });
    await expect(reset.models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });

  it("keeps sessions across requests of one set of handlers", async () => {
    const client = openai("https://agent.vlm.run/v1/openai");
    const first = await client.chat.completions.create({
      model,
      messages: hello,
      session_id: "msw-1",
    } as never);
    const second = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "More?" }],
      session_id: "msw-1",
    } as never);
    expect(second.usage?.prompt_tokens).toBeGreaterThan(first.usage?.prompt_tokens ?? 0);
  });

  it("checks a token when given one", async () => {
    server.use(...createHandlers({ token: "sk-right" }));
    try {
      await expect(openai("https://agent.vlm.run/v1/openai").models.list()).rejects.toBeInstanceOf(
        OpenAI.AuthenticationError,
      );
      const models = await openai("https://agent.vlm.run/v1/openai", { apiKey: "sk-right" }).models.list();
      expect(models.data.length).toBeGreaterThan(0);
    } finally {
      server.resetHandlers();
    }
  });

  it("ends an aborted stream's body with an AbortError", async () => {
    server.use(...createHandlers({ latencyMs: 20 }));
    try {
      const controller = new AbortController();
      const response = await fetch("https://agent.vlm.run/v1/openai/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messages: hello, stream: true }),
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      expect((await reader.read()).done).toBe(false);
      controller.abort();
      await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    } finally {
      server.resetHandlers();
    }
  });
});
