import { createMockFetch } from "@vlmchat/mock-server";
import { describe, expect, it } from "vitest";
import { APIConnectionError, APIUserAbortError, UnprocessableEntityError, VlmChat } from "../src/index";

/** The client over the mock's port-less fetch: the same engine as the server, no socket, no network. */
const hello = [{ role: "user" as const, content: "Describe a red square in one sentence." }];

function client(fetch = createMockFetch(), options: ConstructorParameters<typeof VlmChat>[0] = {}) {
  return new VlmChat({ apiKey: null, maxRetries: 0, fetch, ...options });
}

describe("VlmChat over createMockFetch", () => {
  it("answers a completion, and the same text streamed", async () => {
    const vlm = client();
    const completion = await vlm.chat.completions.create({ messages: hello });
    const text = completion.choices[0]?.message.content ?? "";
    expect(text.length).toBeGreaterThan(0);
    const stream = await vlm.chat.completions.create({ messages: hello, stream: true });
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message.content).toBe(text);
  });

  it("gets the server's 422 as a typed error", async () => {
    const error = await client()
      .chat.completions.create({ model: "no-such-model", messages: hello })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
  });

  it("keeps a session's turns in the mock's memory", async () => {
    const chat = client().chat.session();
    const first = await chat.send("Here is my question");
    const second = await chat.send("And a follow-up");
    expect(chat.id).toBe(first.session_id);
    expect(second.session_id).toBe(first.session_id);
    expect(second.usage?.prompt_tokens).toBeGreaterThan(first.usage?.prompt_tokens ?? 0);
  });

  it("retries an injected 503, polls a 303, and reports a reset as a connection error", async () => {
    const fetch = createMockFetch();
    const retried = client(fetch, {
      maxRetries: 2,
      defaultHeaders: {
        "x-vlmchat-fault": "status=503; fail-times=1; retry-after-ms=1",
        "x-vlmchat-fault-key": "c",
      },
    });
    expect((await retried.chat.completions.create({ messages: hello })).choices).toHaveLength(1);
    const polled = client(fetch, { defaultHeaders: { "x-vlmchat-fault": "redirect=2" } });
    expect((await polled.chat.completions.create({ messages: hello })).object).toBe("chat.completion");
    const reset = client(fetch, { defaultHeaders: { "x-vlmchat-fault": "reset" } });
    await expect(reset.models.list()).rejects.toBeInstanceOf(APIConnectionError);
  });

  it("checks the token, and aborting a stream ends it", async () => {
    const fetch = createMockFetch({ token: "sk-mock", latencyMs: 20 });
    await expect(client(fetch).models.list()).rejects.toMatchObject({ status: 401 });
    const stream = await client(fetch, { apiKey: "sk-mock" }).chat.completions.create({
      messages: hello,
      stream: true,
    });
    const reading = stream.finalCompletion();
    setTimeout(() => stream.abort(), 30);
    await expect(reading).rejects.toBeInstanceOf(APIUserAbortError);
  });
});
