import { createHandlers } from "@vlmchat/mock-server/msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIConnectionError, RateLimitError, UnprocessableEntityError, VlmChat } from "../src/index";

/**
 * The client, unchanged (default base URL, global fetch), against the mock's MSW handlers: `setupServer`
 * intercepts fetch in this process, and an unhandled request fails the test.
 */
const server = setupServer(...createHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const hello = [{ role: "user" as const, content: "Describe a red square in one sentence." }];
const client = (options: ConstructorParameters<typeof VlmChat>[0] = {}) =>
  new VlmChat({ apiKey: "sk-mock", maxRetries: 0, ...options });

describe("VlmChat against createHandlers() under setupServer", () => {
  it("answers at the default base URL, streamed and not, with the same text", async () => {
    const vlm = client();
    expect(vlm.baseURL).toBe("https://agent.vlm.run/v1/openai");
    const completion = await vlm.chat.completions.create({ messages: hello });
    const text = completion.choices[0]?.message.content ?? "";
    expect(text.length).toBeGreaterThan(0);
    const stream = await vlm.chat.completions.create({ messages: hello, stream: true });
    expect((await stream.finalCompletion()).choices[0]?.message.content).toBe(text);
    expect((await vlm.health()).status).toBe("ok");
  });

  it("gets 422s, fault statuses and resets as typed errors", async () => {
    await expect(
      client().chat.completions.create({ model: "no-such-model", messages: hello }),
    ).rejects.toBeInstanceOf(UnprocessableEntityError);
    const limited = client({ defaultHeaders: { "x-vlmchat-fault": "status=429; should-retry=false" } });
    await expect(limited.models.list()).rejects.toBeInstanceOf(RateLimitError);
    const reset = client({ defaultHeaders: { "x-vlmchat-fault": "reset" } });
    await expect(reset.models.list()).rejects.toBeInstanceOf(APIConnectionError);
  });

  it("retries an injected 503 and polls a 303", async () => {
    const retried = client({
      maxRetries: 2,
      defaultHeaders: {
        "x-vlmchat-fault": "status=503; fail-times=1; retry-after-ms=1",
        "x-vlmchat-fault-key": "msw",
      },
    });
    expect((await retried.chat.completions.create({ messages: hello })).choices).toHaveLength(1);
    const polled = client({ defaultHeaders: { "x-vlmchat-fault": "redirect=1" } });
    expect((await polled.chat.completions.create({ messages: hello })).object).toBe("chat.completion");
  });

  it("keeps a session's turns", async () => {
    const chat = client().chat.session();
    const first = await chat.send("Here is my question");
    const second = await chat.send("And a follow-up");
    expect(second.session_id).toBe(first.session_id);
    expect(second.usage?.prompt_tokens).toBeGreaterThan(first.usage?.prompt_tokens ?? 0);
  });
});
