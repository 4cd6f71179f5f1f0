import type { ChatCompletion, ChatCompletionChunk } from "@vlmchat/types";
import { ChunkAccumulator } from "./accumulate";
import { VlmChatError } from "./errors";

/** Where a chunk source reports what it delivers and how it ended. */
export interface StreamSink {
  chunk(chunk: ChatCompletionChunk): void;
  /** Called once: `undefined` after the last chunk, else the error that ended the stream. */
  end(error?: unknown): void;
}

/** Produces the chunks, calling the sink before yielding each one. */
export type ChunkSource = (sink: StreamSink) => AsyncIterator<ChatCompletionChunk>;

/** What the two branches of `tee()` share: the one source, each branch's queue of results, how many are open. */
export interface TeeState {
  source: AsyncIterator<ChatCompletionChunk>;
  queues: Array<Array<Promise<IteratorResult<ChatCompletionChunk>>> | undefined>;
  open: number;
}

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
  #end!: (outcome: { error?: unknown }) => void;
  /** Settles, never rejecting, with how the stream ended: `{}` at its end, `{error}` otherwise. */
  readonly #ended = new Promise<{ error?: unknown }>((resolve) => {
    this.#end = resolve;
  });

  constructor(
    source: ChunkSource,
    abort: (reason?: unknown) => void,
    response: () => Response | undefined = () => undefined,
  ) {
    this.#source = source;
    this.#abort = abort;
    this.#getResponse = response;
  }

  /** The HTTP answer the chunks come from (of the last attempt, when the stream was retried); its `x-request-id` header is the request id. */
  get response(): Response | undefined {
    return this.#getResponse();
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatCompletionChunk> {
    if (this.#started) {
      throw new VlmChatError("This stream was already read (tee() it to read it twice)");
    }
    this.#started = true;
    const accumulator = this.#accumulator;
    return this.#source({
      chunk: (chunk) => accumulator.add(chunk),
      end: (error) => this.#end(error === undefined ? {} : { error }),
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
    }
    const { error } = await this.#ended;
    if (error !== undefined) throw error;
    return this.#accumulator.completion();
  }

  /**
   * Two streams that each see every chunk. The request is aborted when both are left early or
   * when either one's `abort()` is called.
   */
  tee(): [ChatCompletionStream, ChatCompletionStream] {
    const shared: TeeState = { source: this[Symbol.asyncIterator](), queues: [[], []], open: 2 };
    const branch = (own: 0 | 1) =>
      new ChatCompletionStream(
        (sink) =>
          (async function* () {
            // Loaded on first use: a bundle that never tees does not carry it.
            yield* (await import("./tee")).teeBranch(shared, own, sink);
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
    return new ReadableStream<Uint8Array>({
      // Loaded on first use: a bundle that never relays does not carry it.
      pull: async (controller) => (await import("./ndjson")).pullLine(iterator, controller),
      cancel: async () => {
        await iterator.return?.();
      },
    });
  }
}
