/**
 * The streaming core: the chunks of a streamed answer, read from its server-sent events with
 * eventsource-parser. One async generator reads one attempt's body; another tries the request again
 * when the connection fails before the first chunk.
 */
import type { ChatCompletionChunk } from "@vlmchat/types";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { streamError } from "./error-body";
import { APIConnectionError, leftEarly, ResponseTooLargeError, ResponseValidationError } from "./errors";
import { failureOf, type RequestLifetime } from "./lifetime";

/** One HTTP attempt whose answer is read as a stream. */
export interface StreamAttempt {
  response: Response;
  lifetime: RequestLifetime;
  /** The next attempt of the same request (after its backoff); throws when no retry is allowed. */
  retry?: ((error: APIConnectionError) => Promise<StreamAttempt>) | undefined;
}

export interface ChunkOptions {
  /** Milliseconds without a byte before the stream is aborted (0: no idle timeout). */
  idleTimeout: number;
  /** The largest SSE line or event, in characters. */
  maxEventSize: number;
  /** Checks each chunk (response validation); throws to end the stream. */
  check?: ((chunk: ChatCompletionChunk) => void) | undefined;
  /** The API key, cut out of error event bodies. */
  secret?: string | undefined;
}

/**
 * The chunks of a streamed answer. A connection that fails (or times out) before the first chunk is
 * tried again while retries remain; once a chunk was delivered, never.
 */
export async function* chatChunks(
  first: StreamAttempt,
  options: ChunkOptions,
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const progress = { delivered: false };
  for (let attempt = first; ; ) {
    try {
      return yield* attemptChunks(attempt, options, progress);
    } catch (error) {
      if (progress.delivered || !(error instanceof APIConnectionError) || !attempt.retry) throw error;
      attempt = await attempt.retry(error);
    }
  }
}

/**
 * The chunks of one attempt's body, up to `data: [DONE]`. An abort (the caller's, a timeout) is honoured
 * before each chunk is handed out, even when the chunks are already buffered.
 */
async function* attemptChunks(
  { response, lifetime }: StreamAttempt,
  options: ChunkOptions,
  progress: { delivered: boolean },
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  // A custom fetch may ignore the signal: cancelling the reader ends a pending read in any case.
  const forget = lifetime.onAbort(() => reader.cancel().catch(() => {}));
  lifetime.startIdle(options.idleTimeout);
  const events: EventSourceMessage[] = [];
  const decoder = eventDecoder((event) => events.push(event), options.maxEventSize);
  let finished = false;
  try {
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (caught) {
        throw failureOf(caught, lifetime, options.secret);
      }
      if (lifetime.reason) throw lifetime.reason;
      lifetime.touch();
      if (read.done) decoder.end();
      else decoder.feed(read.value);
      for (let i = 0; i < events.length; i++) {
        const event = events[i] as EventSourceMessage;
        if (event.data === "[DONE]") {
          finished = true;
          return;
        }
        const chunk = toChunk(event, response, options.secret);
        options.check?.(chunk);
        if (lifetime.reason) throw lifetime.reason;
        progress.delivered = true;
        yield chunk;
      }
      events.length = 0;
      if (read.done) throw new APIConnectionError("The stream ended before `data: [DONE]`");
    }
  } finally {
    forget();
    lifetime.dispose();
    // Left early or failed: release the connection. After [DONE] nothing else is wanted either.
    if (!finished) lifetime.abort(leftEarly());
    reader.cancel().catch(() => {});
  }
}

/**
 * Server-sent events from bytes: eventsource-parser fed with the bytes' UTF-8 text (a leading BOM
 * dropped, characters split across reads joined). `end()` dispatches an event the server did not finish
 * with a blank line, as openai-node does. An event or line longer than `maxEventSize` characters throws
 * `ResponseTooLargeError`.
 */
export function eventDecoder(
  onEvent: (event: EventSourceMessage) => void,
  maxEventSize: number,
): { feed(bytes: Uint8Array): void; end(): void } {
  let tooLarge = false;
  const parser = createParser({
    // The parser bounds what it buffers across reads; an event that arrived in one read is checked here.
    onEvent: (event) => {
      if (event.data.length > maxEventSize) tooLarge = true;
      else if (!tooLarge) onEvent(event);
    },
    onError: (error) => {
      tooLarge ||= error.type === "max-buffer-size-exceeded";
    },
    maxBufferSize: maxEventSize,
  });
  const text = new TextDecoder();
  const feed = (piece: string) => {
    parser.feed(piece);
    if (tooLarge) {
      throw new ResponseTooLargeError(
        undefined,
        undefined,
        `A server-sent event is longer than maxEventSize (${maxEventSize} characters)`,
      );
    }
  };
  return {
    feed: (bytes) => feed(text.decode(bytes, { stream: true })),
    end: () => feed(`${text.decode()}\n\n`),
  };
}

/** The chunk an event carries; an error event, or data that is not JSON, throws `APIStreamError`. */
function toChunk(
  event: EventSourceMessage,
  response: Response,
  secret: string | undefined,
): ChatCompletionChunk {
  let value: { error?: unknown; choices?: unknown } | null;
  try {
    value = JSON.parse(event.data);
  } catch {
    throw streamError(event.data, response, secret);
  }
  if (event.event === "error" || (value !== null && typeof value === "object" && value.error != null)) {
    throw streamError(event.data, response, secret);
  }
  if (!isChunk(value)) {
    throw new ResponseValidationError(
      [
        {
          loc: ["response"],
          msg: "Input should be a chat.completion.chunk with choices",
          type: "model_type",
        },
      ],
      `The stream sent data that is not a chat completion chunk: ${event.data.slice(0, 100)}`,
    );
  }
  return value;
}

/** Enough of a chunk's shape for the client to read it (the full check is response validation's). */
function isChunk(value: unknown): value is ChatCompletionChunk {
  const choices = (value as { choices?: unknown } | null)?.choices;
  if (typeof value !== "object" || !Array.isArray(choices)) return false;
  for (const choice of choices) {
    const delta = (choice as { delta?: unknown } | null)?.delta;
    if (typeof delta !== "object" || delta === null) return false;
  }
  return true;
}
