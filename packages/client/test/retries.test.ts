import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
  UnprocessableEntityError,
} from "../src/index";
import { fault, hello, recorder, useMockServer } from "./helpers/mock";

const mock = useMockServer();

/** A client whose every request is recorded. */
function recorded(options: Parameters<typeof mock.client>[0] = {}) {
  const { middleware, requests } = recorder();
  return { client: mock.client(options).use(middleware), requests };
}

let keys = 0;
const uniqueKey = () => `retry-test-${process.pid}-${keys++}`;

describe("retries on the wire", () => {
  it("retries 503 until it succeeds, with the same Idempotency-Key on every attempt", async () => {
    const { client, requests } = recorded();
    const completion = await client.chat.completions.create(
      { messages: hello },
      fault("status=503; retry-after-ms=1; fail-times=2", uniqueKey()),
    );
    expect(completion.object).toBe("chat.completion");
    expect(requests).toHaveLength(3);
    const ids = new Set(requests.map((r) => r.headers.get("idempotency-key")));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeTruthy();
  });

  it("uses the given idempotency key", async () => {
    const { client, requests } = recorded();
    await client.chat.completions.create(
      { messages: hello },
      { ...fault("status=500; retry-after-ms=1; fail-times=1", uniqueKey()), idempotencyKey: "my-key-1" },
    );
    expect(requests.map((r) => r.headers.get("idempotency-key"))).toEqual(["my-key-1", "my-key-1"]);
  });

  it.each([408, 409, 429, 500, 502])("retries %i", async (status) => {
    const { client, requests } = recorded();
    await client.models.list(fault(`status=${status}; retry-after-ms=1; fail-times=1`, uniqueKey()));
    expect(requests).toHaveLength(2);
  });

  it("gives up after maxRetries (2 by default) and throws the last error", async () => {
    const { client, requests } = recorded();
    const error = await client.models.list(fault("status=503; retry-after-ms=1")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(3);

    const once = recorded({ maxRetries: 0 });
    await expect(once.client.models.list(fault("status=503; retry-after-ms=1"))).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(once.requests).toHaveLength(1);

    const perRequest = recorded({ maxRetries: 0 });
    await perRequest.client.models.list({
      ...fault("status=503; retry-after-ms=1; fail-times=3", uniqueKey()),
      maxRetries: 3,
    });
    expect(perRequest.requests).toHaveLength(4);
  });

  it("does not retry 400, 404 or 422", async () => {
    for (const status of [400, 404, 422]) {
      const { client, requests } = recorded();
      await expect(client.models.list(fault(`status=${status}`))).rejects.toMatchObject({ status });
      expect(requests).toHaveLength(1);
    }
    const { client, requests } = recorded();
    await expect(
      client.chat.completions.create({ messages: hello }, fault("status=422")),
    ).rejects.toBeInstanceOf(UnprocessableEntityError);
    expect(requests).toHaveLength(1);
  });

  it("obeys x-should-retry", async () => {
    const no = recorded();
    await expect(no.client.models.list(fault("status=503; should-retry=false"))).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(no.requests).toHaveLength(1);
    const yes = recorded();
    await yes.client.models.list(
      fault("status=400; should-retry=true; retry-after-ms=1; fail-times=1", uniqueKey()),
    );
    expect(yes.requests).toHaveLength(2);
  });

  it("waits as Retry-After says (seconds)", async () => {
    const { client, requests } = recorded();
    const started = Date.now();
    await client.models.list(fault("status=429; retry-after=1; fail-times=1", uniqueKey()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(requests).toHaveLength(2);
  });

  it("does not retry when Retry-After asks for more than 60 s", async () => {
    const { client, requests } = recorded();
    const started = Date.now();
    const error = await client.models.list(fault("status=429; retry-after=120")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers?.get("retry-after")).toBe("120");
    expect(requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("retries a connection reset, and reports one that persists as APIConnectionError", async () => {
    const { client, requests } = recorded({ maxRetries: 1 });
    const completion = await client.chat.completions.create(
      { messages: hello },
      fault("reset; fail-times=1", uniqueKey()),
    );
    expect(completion.object).toBe("chat.completion");
    expect(requests).toHaveLength(2);

    const always = recorded({ maxRetries: 1 });
    const error = await always.client.models.list(fault("reset")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/Connection error/);
    expect(always.requests).toHaveLength(2);
  });

  it("an aborted signal ends a backoff sleep at once", async () => {
    const { client, requests } = recorded();
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.models.list({ ...fault("status=503; retry-after=30"), signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(requests).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const { client, requests } = recorded();
    await expect(client.health({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(requests.length).toBeLessThanOrEqual(1);
  });

  it("rejects a malformed fault header with a 400 the client reads", async () => {
    const error = await mock
      .client()
      .models.list(fault("status=banana"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toMatch(/^400 .*status/);
  });
});

describe("stream retries", () => {
  it("retries a stream cut before its first chunk, transparently", async () => {
    const { client, requests } = recorded();
    const stream = await client.chat.completions.create(
      { messages: hello, stream: true },
      fault("reset-after=0; fail-times=1", uniqueKey()),
    );
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(requests).toHaveLength(2);
    expect(new Set(requests.map((r) => r.headers.get("idempotency-key"))).size).toBe(1);
  });

  it("never retries once a chunk was delivered", async () => {
    const { client, requests } = recorded();
    const stream = await client.chat.completions.create(
      { messages: hello, stream: true },
      fault("reset-after=2; fail-times=1", uniqueKey()),
    );
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(requests).toHaveLength(1);
  });

  it("abort() ends a stream's backoff sleep", async () => {
    const { client, requests } = recorded();
    // The first attempt's stream is cut before any chunk, then the retry waits out its backoff.
    const stream = await client.chat.completions.create(
      { messages: hello, stream: true },
      { ...fault("reset-after=0"), maxRetries: 5 },
    );
    const reading = stream.finalCompletion();
    setTimeout(() => stream.abort(), 150);
    const started = Date.now();
    await expect(reading).rejects.toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(requests.length).toBeLessThan(4);
  });
});
