import type { ChatCompletionChunk } from "@vlmchat/types";
import { APIConnectionError, type APIError, leftEarly } from "./errors";
import { failureOf, type RequestLifetime } from "./lifetime";
import { type ServerSentEvent, SSEParser } from "./sse";
import type { StreamSink } from "./stream";

/** One HTTP attempt whose answer is being read as a stream. */
export interface StreamAttempt {
  response: Response;
  lifetime: RequestLifetime;
  /** A new attempt of the same request (backoff included), when retries remain. */
  retry?: (error: APIError) => Promise<StreamAttempt> | undefined;
}

export interface ChunkReaderOptions {
  /** Milliseconds without a byte before the stream is aborted (0: no idle timeout). */
  idleTimeout: number;
  /** Checks each chunk (response validation); throws to end the stream. */
  check?: ((chunk: ChatCompletionChunk) => void) | undefined;
  /** The API key, cut out of error event bodies. */
  secret?: string | undefined;
}

type Result = IteratorResult<ChatCompletionChunk>;

const noop = () => {};
const END: Result = { value: undefined, done: true };

/**
 * The chunks of a streamed answer (the caller checked it is `text/event-stream`): SSE events parsed as
 * they arrive, `[DONE]` ending the stream, an error event thrown as `APIStreamError`. A connection that
 * fails before the first chunk was delivered is retried (when retries remain); once a chunk was
 * delivered, never.
 *
 * A hand-written iterator rather than an async generator: a chunk already parsed is handed out as one
 * resolved promise, without a generator's resumption and its extra awaits (a long answer has 10⁵ chunks).
 * Calls to `next()` made while one is still reading wait their turn.
 */
export class ChunkReader implements AsyncIterator<ChatCompletionChunk> {
  #attempt: StreamAttempt;
  readonly #options: ChunkReaderOptions;
  readonly #sink: StreamSink;
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  #parser: SSEParser | undefined;
  /** Events parsed and not yet handed out: `#events[#at…]`. */
  readonly #events: ServerSentEvent[] = [];
  #at = 0;
  #delivered = false;
  #closed = false;
  /** The read in progress (while `#busy`): later calls wait for it. */
  #reading: Promise<Result> = Promise.resolve(END);
  #busy = false;

  constructor(first: StreamAttempt, options: ChunkReaderOptions, sink: StreamSink) {
    this.#attempt = first;
    this.#options = options;
    this.#sink = sink;
  }

  next(): Promise<Result> {
    if (this.#busy) return this.#reading.then(this.#again, this.#again);
    let result: Result | undefined;
    try {
      result = this.#take();
    } catch (error) {
      this.#close(error);
      return Promise.reject(error);
    }
    if (result) return Promise.resolve(result);
    this.#busy = true;
    this.#reading = this.#pull();
    return this.#reading;
  }

  /** Leaving early (a `break` in `for await`): aborts the request. */
  return(): Promise<Result> {
    if (!this.#closed) this.#close(leftEarly());
    return Promise.resolve(END);
  }

  #again = () => this.next();

  /** The next chunk among the events already parsed; `END` after `[DONE]`; `undefined` when more must be read. */
  #take(): Result | undefined {
    if (this.#closed) return END;
    const events = this.#events;
    while (this.#at < events.length) {
      const event = events[this.#at++] as ServerSentEvent;
      if (event.data === "[DONE]") {
        this.#close(undefined);
        return END;
      }
      const chunk = decodeEvent(event);
      // An error event needs its message read (loaded lazily): `#pull` throws it.
      if (!chunk) {
        this.#at--;
        return undefined;
      }
      this.#options.check?.(chunk);
      this.#sink.chunk(chunk);
      this.#delivered = true;
      return { value: chunk, done: false };
    }
    events.length = 0;
    this.#at = 0;
    return undefined;
  }

  /**
   * Reads until a chunk (or the end) is there. The common step (a read that brings chunks) is a plain
   * `then` on the read, not an async function: a long stream makes tens of thousands of reads.
   */
  #pull(): Promise<Result> {
    const reader = this.#reader;
    if (!reader || this.#events[this.#at]) return this.#prepare();
    return reader.read().then(this.#onRead, this.#onReadFailure);
  }

  #onRead = ({ value, done }: ReadableStreamReadResult<Uint8Array>): Result | Promise<Result> => {
    if (this.#closed) return this.#idle(END);
    try {
      this.#attempt.lifetime.touch();
      const parser = this.#parser as SSEParser;
      if (done) parser.end();
      else parser.feed(value);
      const result = this.#take();
      if (result) return this.#idle(result);
      if (done) throw new APIConnectionError("The stream ended before `data: [DONE]`");
    } catch (caught) {
      // A check or an early end: not a failed read.
      return this.#failed(caught, false);
    }
    return this.#pull();
  };

  #onReadFailure = (caught: unknown) => this.#failed(caught, true);

  /** Opens the attempt's body, or throws the pending error event (made by a module loaded on first use). */
  async #prepare(): Promise<Result> {
    const { response, lifetime } = this.#attempt;
    try {
      const event = this.#events[this.#at];
      if (event) throw (await import("./error-message")).streamError(event, response, this.#options.secret);
      this.#open();
      if (lifetime.reason) throw lifetime.reason;
    } catch (caught) {
      return this.#failed(caught, false);
    }
    return this.#pull();
  }

  /**
   * A failure: a failed read (`reading`) is the connection's, and when no chunk was delivered yet the
   * request is tried again if retries remain; anything else ends the stream with that error.
   */
  async #failed(caught: unknown, reading: boolean): Promise<Result> {
    if (this.#closed) return this.#idle(END);
    const lifetime = this.#attempt.lifetime;
    const failure = reading || lifetime.reason ? failureOf(caught, lifetime, this.#options.secret) : caught;
    this.#closeAttempt(false);
    try {
      const retry =
        !this.#delivered && failure instanceof APIConnectionError && this.#attempt.retry?.(failure);
      if (!retry) throw failure;
      this.#attempt = await retry;
    } catch (error) {
      this.#busy = false;
      this.#close(error);
      throw error;
    }
    return this.#pull();
  }

  #idle(result: Result): Result {
    this.#busy = false;
    return result;
  }

  /** Starts reading the current attempt's body. */
  #open(): void {
    const { response, lifetime } = this.#attempt;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    this.#reader = reader;
    this.#parser = new SSEParser((event) => this.#events.push(event));
    this.#events.length = 0;
    this.#at = 0;
    // A custom fetch may ignore the signal: cancelling the reader ends a pending read in any case.
    lifetime.onAbort(() => reader.cancel().catch(noop));
    lifetime.startIdle(this.#options.idleTimeout);
  }

  /** Ends the iteration: at `[DONE]` (`error` undefined), on a failure, or when left early. */
  #close(error: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeAttempt(error === undefined);
    this.#sink.end(error);
  }

  /** Releases the current attempt: its timers, and its connection unless the answer was read to `[DONE]`. */
  #closeAttempt(finished: boolean): void {
    const { lifetime } = this.#attempt;
    lifetime.dispose();
    if (!finished) lifetime.abort(leftEarly());
    // After [DONE] nothing else is wanted; after a failure nothing else can come.
    this.#reader?.cancel().catch(noop);
    this.#reader = undefined;
  }
}

/** An event's chunk, or `undefined` for an error event, an `{"error": …}` payload or data that is not JSON. */
function decodeEvent(event: ServerSentEvent): ChatCompletionChunk | undefined {
  try {
    const value = JSON.parse(event.data);
    if (event.event !== "error" && value.error == null) return value;
  } catch {
    // Not JSON: an error whose data is the message.
  }
  return undefined;
}
