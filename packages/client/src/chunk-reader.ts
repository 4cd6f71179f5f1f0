import type { ChatCompletionChunk } from "@vlmchat/types";
import {
  APIConnectionError,
  type APIError,
  APIStreamError,
  leftEarly,
  redact,
  redactHeaders,
} from "./errors";
import { abortReason, failureOf, type RequestLifetime } from "./lifetime";
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

const noop = () => {};

/**
 * The chunks of a streamed answer (the caller checked it is `text/event-stream`): SSE events parsed as they arrive, `[DONE]` ending the stream, an
 * error event thrown as `APIStreamError`. A connection that fails before the first chunk was delivered
 * is retried (when retries remain); once a chunk was delivered, never.
 */
export async function* readChunks(
  first: StreamAttempt,
  options: ChunkReaderOptions,
  sink: StreamSink,
): AsyncGenerator<ChatCompletionChunk> {
  let attempt = first;
  let delivered = false;
  // What ended the stream: still `leftEarly` if the reader left (break/return) while a chunk was out.
  let outcome: unknown = leftEarly;
  try {
    for (;;) {
      const { response, lifetime } = attempt;
      const reader = response.body?.getReader();
      let finished = false;
      // Set while waiting for bytes: only then is a failure the connection's (and retryable).
      let reading = false;
      let failure: Error | undefined;
      try {
        if (lifetime.signal.aborted || !reader) throw abortReason(lifetime.signal);
        // A custom fetch may ignore the signal: cancelling the reader ends a pending read in any case.
        lifetime.signal.addEventListener("abort", () => reader.cancel().catch(noop), { once: true });
        lifetime.startIdle(options.idleTimeout);
        const events: ServerSentEvent[] = [];
        const parser = new SSEParser((event) => events.push(event));
        stream: for (;;) {
          reading = true;
          const { value, done } = await reader.read();
          reading = false;
          lifetime.touch();
          if (done) parser.end();
          else parser.feed(value);
          for (let i = 0; i < events.length; i++) {
            const event = events[i] as ServerSentEvent;
            if (event.data === "[DONE]") {
              finished = true;
              break stream;
            }
            const chunk = decodeEvent(event);
            if (!chunk) throw await streamError(event, response, options.secret);
            options.check?.(chunk);
            sink.chunk(chunk);
            delivered = true;
            yield chunk;
          }
          events.length = 0;
          if (done) break;
        }
        if (!finished) throw new APIConnectionError("The stream ended before `data: [DONE]`");
      } catch (caught) {
        // Checks and error events throw as they are; a failed read is the connection's.
        failure =
          reading || lifetime.signal.aborted
            ? failureOf(caught, lifetime, options.secret)
            : (caught as Error);
      } finally {
        lifetime.dispose();
        if (!finished) lifetime.abort(leftEarly());
        // After [DONE] nothing else is wanted; after a failure nothing else can come.
        reader?.cancel().catch(noop);
      }
      if (!failure) break;
      const next = !delivered && failure instanceof APIConnectionError ? attempt.retry?.(failure) : undefined;
      if (!next) throw failure;
      attempt = await next;
    }
    outcome = undefined;
  } catch (error) {
    outcome = error;
    throw error;
  } finally {
    sink.end(outcome === leftEarly ? leftEarly() : outcome);
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

async function streamError(event: ServerSentEvent, response: Response, secret: string | undefined) {
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    value = { error: { message: event.data } };
  }
  const body = redact(value, secret);
  const { describeBody } = await import("./error-message");
  return new APIStreamError(
    response.status,
    body,
    `The stream failed: ${describeBody(body)}`,
    redactHeaders(response.headers, secret),
  );
}
