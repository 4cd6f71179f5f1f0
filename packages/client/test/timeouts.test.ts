import { describe, expect, it } from "vitest";
import { APITimeoutError, APIUserAbortError } from "../src/index";
import { fault, hello, recorder, useMockServer } from "./helpers/mock";

const mock = useMockServer();

/** Runs `work`, returning what it threw and how long it took. */
async function timed(work: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

describe("timeouts that cannot hang", () => {
  it("the total timeout covers waiting for headers (delay)", async () => {
    const client = mock.client({ timeout: 150, maxRetries: 0 });
    const { error, ms } = await timed(() =>
      client.chat.completions.create({ messages: hello }, fault("delay=5000")),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(ms).toBeLessThan(1500);
  });

  it("the total timeout covers the body of a JSON answer (headers sent, body stalled)", async () => {
    const client = mock.client({ timeout: 200, maxRetries: 0 });
    const { error, ms } = await timed(() =>
      client.chat.completions.create({ messages: hello }, fault("stall-after=0")),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(ms).toBeLessThan(1500);
  });

  it("the total timeout covers a whole stream, not only its headers", async () => {
    // No idle timeout: only the total can end this stalled stream.
    const client = mock.client({ timeout: 250, idleTimeout: 0, maxRetries: 0 });
    const { error, ms } = await timed(async () => {
      const stream = await client.chat.completions.create(
        { messages: hello, stream: true },
        fault("stall-after=2"),
      );
      let chunks = 0;
      for await (const _ of stream) chunks++;
      return chunks;
    });
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(ms).toBeLessThan(1500);
  });

  it("the idle timeout ends a stream that stops sending after some chunks", async () => {
    const client = mock.client({ idleTimeout: 150, maxRetries: 0 });
    const stream = await client.chat.completions.create(
      { messages: hello, stream: true },
      fault("stall-after=3"),
    );
    const seen: unknown[] = [];
    const started = Date.now();
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toMatch(/idle/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("a stream stalled right after its headers is retried, then times out", async () => {
    const { middleware, requests } = recorder();
    const client = mock.client({ idleTimeout: 100, maxRetries: 1 }).use(middleware);
    const stream = await client.chat.completions.create(
      { messages: hello, stream: true },
      fault("stall-after=0"),
    );
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APITimeoutError);
    expect(requests).toHaveLength(2);
  });

  it("per-request timeout wins over the client's", async () => {
    const client = mock.client({ timeout: 60_000, maxRetries: 0 });
    const { error } = await timed(() =>
      client.chat.completions.create({ messages: hello }, { ...fault("delay=5000"), timeout: 100 }),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  it("timeouts are retried like connection errors", async () => {
    const { middleware, requests } = recorder();
    // 1 s, not less: the second attempt must be answered within it on a busy CI machine too.
    const client = mock.client({ timeout: 1_000, maxRetries: 1 }).use(middleware);
    const key = `timeout-retry-${process.pid}`;
    const completion = await client.chat.completions.create(
      { messages: hello },
      fault("delay=3000; fail-times=1", key),
    );
    expect(completion.object).toBe("chat.completion");
    expect(requests).toHaveLength(2);
  });

  it("a user abort while waiting for headers is an APIUserAbortError", async () => {
    const client = mock.client({ maxRetries: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("changed my mind")), 50);
    const { error, ms } = await timed(() =>
      client.chat.completions.create(
        { messages: hello },
        { ...fault("delay=5000"), signal: controller.signal },
      ),
    );
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toEqual(new Error("changed my mind"));
    expect(ms).toBeLessThan(1500);
  });
});

describe("303 long-request redirect", () => {
  it("follows the redirect and polls (202 means not ready) until the completion is there", async () => {
    const { middleware, requests } = recorder();
    const client = mock.client().use(middleware);
    const completion = await client.chat.completions.create({ messages: hello }, fault("redirect=3"));
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    const polls = requests.filter((r) => r.method === "GET");
    expect(polls.length).toBeGreaterThanOrEqual(3);
    for (const poll of polls) expect(new URL(poll.url).pathname).toMatch(/^\/v1\/openai\/_vlmchat\/poll\//);
  });

  it("also when fetch hands it the 303 itself (redirect: manual)", async () => {
    const { middleware, requests } = recorder();
    const manual = (input: Request, init?: RequestInit) =>
      fetch(new Request(input, { redirect: "manual" }), init);
    const client = mock.client({ fetch: manual }).use(middleware);
    const completion = await client.chat.completions.create({ messages: hello }, fault("redirect=2"));
    expect(completion.object).toBe("chat.completion");
    expect(requests.filter((r) => r.method === "GET")).toHaveLength(3);
  });

  it("polling stays within the total timeout", async () => {
    const client = mock.client({ timeout: 300, maxRetries: 0 });
    const { error, ms } = await timed(() =>
      client.chat.completions.create({ messages: hello }, fault("redirect=1000000")),
    );
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(ms).toBeLessThan(2000);
  });
});
