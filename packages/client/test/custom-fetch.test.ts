import { describe, expect, it } from "vitest";
import { APITimeoutError, APIUserAbortError, VlmChat } from "../src/index";

const baseURL = "http://vlmchat.invalid/v1/openai";
const hello = [{ role: "user" as const, content: "Hi" }];

/** A body that sends nothing, ever, and ignores every abort: only the client's own guards can end a read. */
const silentBody = () => new ReadableStream<Uint8Array>({});

describe("a custom fetch that ignores the abort signal cannot hang the client", () => {
  it("a fetch that never answers: the total timeout ends the wait", async () => {
    const client = new VlmChat({
      baseURL,
      apiKey: null,
      timeout: 100,
      maxRetries: 0,
      fetch: () => new Promise(() => {}),
    });
    await expect(client.health()).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("a JSON body that never ends: the total timeout ends the read", async () => {
    const fetch = async () => new Response(silentBody(), { headers: { "content-type": "application/json" } });
    const client = new VlmChat({ baseURL, apiKey: null, timeout: 100, maxRetries: 0, fetch });
    await expect(client.chat.completions.create({ messages: hello })).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("an event stream that never sends: the idle timeout ends it; abort() too", async () => {
    const fetch = async () =>
      new Response(silentBody(), { headers: { "content-type": "text/event-stream" } });
    const client = new VlmChat({ baseURL, apiKey: null, idleTimeout: 80, maxRetries: 0, fetch });
    const stream = await client.chat.completions.create({ messages: hello, stream: true });
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APITimeoutError);

    const patient = new VlmChat({ baseURL, apiKey: null, idleTimeout: 0, maxRetries: 0, fetch });
    const second = await patient.chat.completions.create({ messages: hello, stream: true });
    const reading = second.finalCompletion();
    setTimeout(() => second.abort(), 30);
    await expect(reading).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("an answer to a stream request that is not an event stream ends as cut short", async () => {
    const fetch = async () => Response.json({ id: "c1", object: "chat.completion" });
    const client = new VlmChat({ baseURL, apiKey: null, maxRetries: 0, fetch });
    const stream = await client.chat.completions.create({ messages: hello, stream: true });
    await expect(stream.finalCompletion()).rejects.toThrow("The stream ended before `data: [DONE]`");
  });
});
