import type { ChatCompletion, ChatCompletionChunk } from "@vlmchat/types";
import { ChunkAccumulator } from "./accumulate";
import { APIUserAbortError, VlmChatError } from "./errors";

/** Where a chunk source reports what it delivers and how it ended. */
export interface StreamSink {
  chunk(chunk: ChatCompletionChunk): void;
  /** Called once: `undefined` after the last chunk, else the error that ended the stream. */
  end(error?: unknown): void;
}

/** Produces the chunks, calling the sink before yielding each one. */
export type ChunkSource = (sink: StreamSink) => AsyncIterator<ChatCompletionChunk>;

const noop = () => {};

/**
 * A streamed chat completion: an async iterable of `ChatCompletionChunk`s, read once.
 *
 * Leaving a `for await` early (break, return, throw) aborts the request. `abort()` aborts it from
 * anywhere, a backoff sleep included. `finalCompletion()` gives the `ChatCompletion` the chunks add up to,
 * whether the stream was read by you or not yet read at all.
 */
export class ChatCompletionStream implements AsyncIterable<ChatCompletionChunk> {
  readonly #source: ChunkSource;
  readonly #abort: (reason?: unknown) => void;
  readonly #getResponse: () => Response | undefined;
  readonly #accumulator = new ChunkAccumulator();
  #started = false;
  #ended: { error?: unknown } | undefined;
  #waiters: Array<() => void> = [];

  constructor(
    source: ChunkSource,
    abort: (reason?: unknown) => void,
    response: () => Response | undefined = () => undefined,
  ) {
    this.#source = source;
    this.#abort = abort;
    this.#getResponse = response;
  }

  /** The HTTP answer the chunks come from (of the last attempt, when the stream was retried). */
  get response(): Response | undefined {
    return this.#getResponse();
  }

  /** The server's request id (`x-request-id`), when it sent one. */
  get requestId(): string | undefined {
    return this.response?.headers.get("x-request-id") ?? undefined;
  }

  /** The `session_id` the chunks carried so far (`""` before the first chunk). */
  get sessionId(): string {
    return this.#accumulator.sessionId;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#started) {
      throw new VlmChatError(
        "This stream has already been read; use tee() before reading it to read it twice",
      );
    }
    this.#started = true;
    const accumulator = this.#accumulator;
    return this.#source({
      chunk: (chunk) => accumulator.add(chunk),
      end: (error) => {
        if (this.#ended) return;
        this.#ended = error === undefined ? {} : { error };
        for (const wake of this.#waiters) wake();
        this.#waiters = [];
      },
    });
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
    } else if (!this.#ended) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    const error = this.#ended?.error;
    if (error !== undefined) throw error;
    return this.#accumulator.completion();
  }

  /**
   * Two streams that each see every chunk. The request is aborted when both are left early or
   * when either one's `abort()` is called.
   */
  tee(): [ChatCompletionStream, ChatCompletionStream] {
    const source = this[Symbol.asyncIterator]();
    const queues: Array<Array<Promise<IteratorResult<ChatCompletionChunk>>> | undefined> = [[], []];
    let open = 2;
    const branch = (own: number): ChatCompletionStream =>
      new ChatCompletionStream(
        (sink) =>
          (async function* () {
            let state: "open" | "done" | "failed" = "open";
            try {
              for (;;) {
                const queue = queues[own] as Array<Promise<IteratorResult<ChatCompletionChunk>>>;
                let next = queue.shift();
                if (!next) {
                  next = source.next();
                  const other = queues[1 - own];
                  if (other) {
                    // Stored for the other branch, which may never read it: mark it handled now.
                    next.catch(noop);
                    other.push(next);
                  }
                }
                const result = await next;
                if (result.done) break;
                sink.chunk(result.value);
                yield result.value;
              }
              state = "done";
              sink.end();
            } catch (error) {
              state = "failed";
              sink.end(error);
              throw error;
            } finally {
              if (state === "open") {
                sink.end(new APIUserAbortError("The stream was left before its end"));
                queues[own] = undefined;
                if (--open === 0) void source.return?.().catch(noop);
              }
            }
          })(),
        this.#abort,
        this.#getResponse,
      );
    return [branch(0), branch(1)];
  }

  /**
   * The chunks as a byte stream of newline-delimited JSON (one chunk per line), e.g. to answer a browser
   * from a server route; read it back with `fromReadableStream()`.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const iterator = this[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }
}
