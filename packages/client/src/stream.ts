import type { ChatCompletion, ChatCompletionChunk } from "@vlmchat/types";
import { ChunkAccumulator } from "./accumulate";
import { APIUserAbortError, leftEarly, VlmChatError } from "./errors";
import { fromNDJSON, toNDJSON } from "./ndjson";
import { tee } from "./tee";

/**
 * A streamed chat completion: an async iterable of `ChatCompletionChunk`s, read once.
 *
 * Leaving a `for await` early (break, return, throw) aborts the request. `abort()` aborts it from
 * anywhere, a backoff sleep included; the next chunk is then not handed out. `finalCompletion()` gives
 * the `ChatCompletion` the chunks add up to, whether the stream was read by you or not yet read at all.
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  readonly #iterate: () => AsyncIterator<ChatCompletionChunk>;
  readonly #abort: (reason?: unknown) => void;
  readonly #getResponse: () => Response | undefined;
  readonly #accumulator = new ChunkAccumulator();
  #started = false;
  #end!: (outcome: { error?: unknown }) => void;
  /** Settles, never rejecting, with how the stream ended: `{}` at its end, `{error}` otherwise. */
  readonly #ended = new Promise<{ error?: unknown }>((resolve) => {
    this.#end = resolve;
  });

  /**
   * @param iterate gives the chunks, once.
   * @param abort aborts the request behind them.
   * @param response the HTTP answer they come from (the last attempt's).
   */
  constructor(
    iterate: () => AsyncIterator<ChatCompletionChunk>,
    abort: (reason?: unknown) => void,
    response: () => Response | undefined = () => undefined,
  ) {
    this.#iterate = iterate;
    this.#abort = abort;
    this.#getResponse = response;
  }

  /** The HTTP answer the chunks come from (of the last attempt, when the stream was retried). */
  get response(): Response | undefined {
    return this.#getResponse();
  }

  /** The request id: the answer's `x-request-id` header (an assumption: VLM Run does not document it). */
  get requestId(): string | undefined {
    return this.response?.headers.get("x-request-id") ?? undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#started) {
      throw new VlmChatError("This stream was already read (tee() it to read it twice)");
    }
    this.#started = true;
    return this.#read(this.#iterate());
  }

  /** The source's chunks, each added to the accumulator; records how the reading ended. */
  async *#read(source: AsyncIterator<ChatCompletionChunk>): AsyncGenerator<ChatCompletionChunk> {
    let outcome: { error?: unknown } = { error: leftEarly() };
    try {
      for (;;) {
        const { value, done } = await source.next();
        if (done) break;
        this.#accumulator.add(value);
        yield value;
      }
      outcome = {};
    } catch (error) {
      outcome = { error };
      throw error;
    } finally {
      if (outcome.error instanceof APIUserAbortError) await source.return?.();
      this.#end(outcome);
    }
  }

  /** Aborts the request; a `for await` over the stream then throws `APIUserAbortError`. */
  abort(reason?: unknown): void {
    this.#abort(reason);
  }

  /**
   * The completion the chunks add up to (content, tool-call arguments, logprobs, usage, `session_id`).
   * Reads the stream to its end when nobody has started reading it; otherwise waits for the reader to
   * finish. Rejects with the error that ended the stream, or `APIUserAbortError` when it was left early.
   */
  async finalCompletion(): Promise<ChatCompletion> {
    if (!this.#started) {
      for await (const _ of this) {
        // Reading is all that is needed: the accumulator sees every chunk.
      }
    }
    const { error } = await this.#ended;
    if (error !== undefined) throw error;
    return this.#accumulator.completion();
  }

  /** Two streams that each see every chunk. The request is aborted when both are left early or either is aborted. */
  tee(): [ChatCompletionStream, ChatCompletionStream] {
    const [left, right] = tee(this[Symbol.asyncIterator]());
    return [
      new ChatCompletionStream(() => left, this.#abort, this.#getResponse),
      new ChatCompletionStream(() => right, this.#abort, this.#getResponse),
    ];
  }

  /**
   * The chunks as a byte stream of newline-delimited JSON (one chunk per line), e.g. to answer a browser
   * from a server route; read it back with `fromReadableStream()`.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    return toNDJSON(this[Symbol.asyncIterator]());
  }
}

/**
 * A `ChatCompletionStream` over the newline-delimited JSON that `stream.toReadableStream()` writes: the
 * other end of a relay (e.g. a browser reading a server route's `Response`).
 */
export function fromReadableStream(readable: ReadableStream<Uint8Array>): ChatCompletionStream {
  const controller = new AbortController();
  const chunks = fromNDJSON<ChatCompletionChunk>(readable, controller.signal);
  return new ChatCompletionStream(
    () => chunks,
    (reason) => controller.abort(reason),
  );
}
