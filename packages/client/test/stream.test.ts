import { readFileSync } from "node:fs";
import type { ChatCompletionChunk } from "@vlmchat/types";
import { describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIStreamError,
  APITimeoutError,
  APIUserAbortError,
  ResponseTooLargeError,
  ResponseValidationError,
  VlmChatError,
} from "../src/errors";
import { RequestLifetime } from "../src/lifetime";
import { ChatCompletionStream, fromReadableStream } from "../src/stream";
import { chatChunks } from "../src/streaming";
import { rechunk, responseFromPieces, seededRandom } from "./helpers/rechunk";

const encoder = new TextEncoder();

/** A stream over `pieces` as the client builds one, with the call's abort controller. */
function streamOver(
  pieces: Uint8Array[] | ReadableStream<Uint8Array>,
  idleTimeout = 0,
  maxEventSize = 1 << 24,
) {
  const call = new AbortController();
  const lifetime = new RequestLifetime(0, call.signal);
  const response =
    pieces instanceof ReadableStream
      ? new Response(pieces, { headers: { "content-type": "text/event-stream" } })
      : responseFromPieces(pieces);
  const stream = new ChatCompletionStream(
    () => chatChunks({ response, lifetime }, { idleTimeout, maxEventSize }),
    (reason) => call.abort(reason),
    () => response,
  );
  return { stream, lifetime, call };
}

function sse(...events: unknown[]): Uint8Array[] {
  return [encoder.encode(events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join(""))];
}
const done = encoder.encode("data: [DONE]\n\n");

function chunk(
  choices: ChatCompletionChunk["choices"],
  extra: Partial<ChatCompletionChunk> = {},
): ChatCompletionChunk {
  return {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "vlmrun-orion-1:auto",
    choices,
    session_id: "s-1",
    ...extra,
  };
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

const transcript = new Uint8Array(readFileSync(new URL("./fixtures/spec-transcript.sse", import.meta.url)));

describe("ChatCompletionStream over SSE", () => {
  it("assembles a long answer's content in order, for each choice, across any number of pieces", async () => {
    // 1,000 pieces per choice: well past the 256 pieces the accumulator joins at a time.
    const pieces = Array.from({ length: 1_000 }, (_, i) => `${i} `);
    const events = pieces.flatMap((piece) => [
      chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]),
      chunk([{ index: 1, delta: { content: `${piece}!` }, finish_reason: null }]),
    ]);
    const { stream } = streamOver([...sse(...events), done]);
    const completion = await stream.finalCompletion();
    expect(completion.choices.map((choice) => choice.message.content)).toEqual([
      pieces.join(""),
      pieces.map((piece) => `${piece}!`).join(""),
    ]);
  });

  it("yields every chunk of the spec's transcript, however it is cut, and assembles the completion", async () => {
    const random = seededRandom(7);
    for (let round = 0; round < 30; round++) {
      const { stream } = streamOver(rechunk(transcript, random, 256));
      const chunks = await collect(stream);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? null)).toEqual([
        "",
        "The image shows ",
        "a red pixel next to a blue pixel.",
        null,
        null,
      ]);
      const completion = await stream.finalCompletion();
      expect(completion).toEqual({
        id: "chatcmpl-7f3c2a9e1b4d",
        object: "chat.completion",
        created: 1767225600,
        model: "vlmrun-orion-1:auto",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: "The image shows a red pixel next to a blue pixel." },
            finish_reason: "stop",
          },
        ],
        usage: { prompt_tokens: 412, completion_tokens: 14, total_tokens: 426, credits_used: 0.5 },
        session_id: "3f6c1e0a-8b2d-4c5e-9f7a-1d2e3f4a5b6c",
      });
    }
  });

  it("assembles tool-call argument fragments, logprobs and several choices", async () => {
    const logprob = (token: string) => ({ token, logprob: -0.1, bytes: null, top_logprobs: [] });
    const { stream } = streamOver([
      ...sse(
        chunk([
          {
            index: 0,
            delta: {
              role: "assistant",
              tool_calls: [
                { index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } },
              ],
            },
            finish_reason: null,
          },
          {
            index: 1,
            delta: { role: "assistant", content: "He" },
            finish_reason: null,
            logprobs: { content: [logprob("He")] },
          },
        ]),
        chunk([
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] },
            finish_reason: null,
          },
          {
            index: 1,
            delta: { content: "llo" },
            finish_reason: null,
            logprobs: { content: [logprob("llo")] },
          },
        ]),
        chunk([
          {
            index: 0,
            delta: {
              tool_calls: [
                { index: 0, id: "call_1", function: { name: "f", arguments: "1}" } },
                { index: 1, id: "call_2", type: "function", function: { name: "g", arguments: "{}" } },
              ],
            },
            finish_reason: "tool_calls",
          },
          { index: 1, delta: {}, finish_reason: "length" },
        ]),
      ),
      done,
    ]);
    const completion = await stream.finalCompletion();
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } },
            { id: "call_2", type: "function", function: { name: "g", arguments: "{}" } },
          ],
        },
        finish_reason: "tool_calls",
      },
      {
        index: 1,
        message: { role: "assistant", content: "Hello" },
        finish_reason: "length",
        logprobs: { content: [logprob("He"), logprob("llo")] },
      },
    ]);
  });

  it("throws an error payload as APIStreamError with its type and code", async () => {
    const { stream } = streamOver(
      sse(chunk([{ index: 0, delta: { content: "a" }, finish_reason: null }]), {
        error: {
          message: "The agent failed while processing the video.",
          type: "server_error",
          code: "internal_error",
        },
      }),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of stream) seen.push(c.choices[0]?.delta.content ?? "");
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["a"]);
    expect(error).toBeInstanceOf(APIStreamError);
    expect(error).toMatchObject({ type: "server_error", code: "internal_error", status: 200 });
    expect((error as Error).message).toContain("The agent failed while processing the video.");
    await expect(stream.finalCompletion()).rejects.toBe(error);
  });

  it("throws an `event: error` with a plain-text payload as APIStreamError", async () => {
    const { stream } = streamOver([encoder.encode("event: error\ndata: upstream went away\n\n")]);
    await expect(collect(stream)).rejects.toThrow(/upstream went away/);
  });

  it("reads a stream that ends without [DONE] as cut short", async () => {
    const { stream } = streamOver(sse(chunk([{ index: 0, delta: { content: "a" }, finish_reason: null }])));
    await expect(collect(stream)).rejects.toBeInstanceOf(APIConnectionError);
  });

  it("leaving a for-await early aborts the request", async () => {
    const { stream, lifetime } = streamOver(
      new ReadableStream({
        start(controller) {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk([]))}\n\n`));
          // …and never more: only the abort can end this.
        },
      }),
    );
    for await (const _ of stream) break;
    expect(lifetime.signal.aborted).toBe(true);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("abort() ends a pending read with APIUserAbortError", async () => {
    const { stream } = streamOver(new ReadableStream({}));
    const reading = collect(stream);
    stream.abort();
    await expect(reading).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("abort() before reading makes the first read throw APIUserAbortError", async () => {
    const { stream } = streamOver(new ReadableStream({}));
    stream.abort();
    await expect(collect(stream)).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("the idle timeout ends a stalled stream", async () => {
    const { stream } = streamOver(
      new ReadableStream({
        start(controller) {
          controller.enqueue(encoder.encode(": ping\n\n"));
        },
      }),
      30,
    );
    await expect(collect(stream)).rejects.toBeInstanceOf(APITimeoutError);
  });

  it("is read once; tee() gives two readers of every chunk", async () => {
    const events = sse(
      ...[1, 2, 3].map((n) => chunk([{ index: 0, delta: { content: `${n}` }, finish_reason: null }])),
    );
    const { stream } = streamOver([...events, done]);
    const [left, right] = stream.tee();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(VlmChatError);
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(3);
    expect((await right.finalCompletion()).choices[0]?.message.content).toBe("123");
  });

  it("tee(): one branch left early does not stop the other; both left aborts the request", async () => {
    const events = sse(
      ...[1, 2, 3].map((n) => chunk([{ index: 0, delta: { content: `${n}` }, finish_reason: null }])),
    );
    const first = streamOver([...events, done]);
    const [left, right] = first.stream.tee();
    for await (const _ of left) break;
    expect(await collect(right)).toHaveLength(3);

    const second = streamOver(new ReadableStream({ start: (c) => c.enqueue(events[0]) }));
    const [l2, r2] = second.stream.tee();
    for await (const _ of l2) break;
    expect(second.lifetime.signal.aborted).toBe(false);
    for await (const _ of r2) break;
    expect(second.lifetime.signal.aborted).toBe(true);
  });

  it("toReadableStream() and fromReadableStream() carry the chunks as NDJSON", async () => {
    const { stream } = streamOver([transcript]);
    const readable = stream.toReadableStream();
    const text = await new Response(readable).text();
    expect(text.trim().split("\n")).toHaveLength(5);
    const back = fromReadableStream(new Response(text).body!);
    const completion = await back.finalCompletion();
    expect(completion.choices[0]?.message.content).toBe("The image shows a red pixel next to a blue pixel.");
  });

  it("abort() inside for-await is honoured before the next chunk, even when the answer is buffered", async () => {
    const many = sse(
      ...Array.from({ length: 90 }, (_, n) =>
        chunk([{ index: 0, delta: { content: `${n}` }, finish_reason: null }]),
      ),
    );
    const { stream } = streamOver([...many, done]);
    let seen = 0;
    const error = await (async () => {
      for await (const _ of stream) {
        seen++;
        stream.abort();
      }
    })().catch((e: unknown) => e);
    expect(seen).toBe(1);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it.each([
    ["a number", "42"],
    ["choices null", '{"choices":null}'],
    ["a null choice", '{"choices":[null]}'],
    ["a choice without delta", '{"choices":[{"index":0}]}'],
    ["null", "null"],
  ])("data that is JSON but not a chunk (%s) ends the stream with a VlmChatError", async (_name, data) => {
    const { stream } = streamOver([encoder.encode(`data: ${data}\n\n`), done]);
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toBeInstanceOf(VlmChatError);
  });

  it("an event longer than maxEventSize ends the stream with ResponseTooLargeError, read no further", async () => {
    let pulls = 0;
    const piece = encoder.encode("x".repeat(64 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(encoder.encode("data: ")),
      pull: (c) => {
        pulls++;
        c.enqueue(piece);
      },
    });
    const { stream } = streamOver(endless, 0, 1024 * 1024);
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/maxEventSize/);
    expect(pulls).toBeLessThan(40);
  });
});
