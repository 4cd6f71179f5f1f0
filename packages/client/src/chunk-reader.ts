import type { ChatCompletionChunk } from "@vlmchat/types";
import {
  APIConnectionError,
  APIError,
  APIStreamError,
  APIUserAbortError,
  describeBody,
  redact,
  redactHeaders,
  VlmChatError,
} from "./errors";
import { abortReason, type RequestLifetime } from "./lifetime";
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
 * The chunks of a streamed answer: SSE events parsed as they arrive, `[DONE]` ending the stream, an
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
  let ended = false;
  try {
    for (;;) {
      const { response, lifetime } = attempt;
      const reader = isEventStream(response) ? response.body?.getReader() : undefined;
      let finished = false;
      // Set while waiting for bytes: only then is a failure the connection's (and retryable).
      let reading = false;
      let failure: Error | undefined;
      try {
        if (lifetime.signal.aborted) throw abortReason(lifetime.signal);
        if (!reader) {
          // A JSON answer to a stream request (e.g. after a 303 and polling) becomes one chunk.
          reading = true;
          const text = await lifetime.race(response.text());
          reading = false;
          const { completionAsChunk } = await import("./json-answer");
          const chunk = completionAsChunk(text, response);
          finished = true;
          options.check?.(chunk);
          sink.chunk(chunk);
          delivered = true;
          yield chunk;
          break;
        }
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
            const chunk = decodeEvent(event, response, options.secret);
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
        failure = reading || lifetime.signal.aborted ? streamFailure(caught, lifetime) : (caught as Error);
      } finally {
        lifetime.dispose();
        if (!finished) lifetime.abort(new APIUserAbortError("The stream was left before its end"));
        // After [DONE] nothing else is wanted; after a failure nothing else can come.
        reader?.cancel().catch(noop);
      }
      if (!failure) break;
      const next = !delivered && failure instanceof APIConnectionError ? attempt.retry?.(failure) : undefined;
      if (!next) throw failure;
      attempt = await next;
    }
    ended = true;
    sink.end();
  } catch (error) {
    ended = true;
    sink.end(error);
    throw error;
  } finally {
    if (!ended) sink.end(new APIUserAbortError("The stream was left before its end"));
  }
}

function isEventStream(response: Response): boolean {
  const type = response.headers.get("content-type");
  return type === null || type.includes("text/event-stream");
}

function decodeEvent(
  event: ServerSentEvent,
  response: Response,
  secret: string | undefined,
): ChatCompletionChunk {
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    if (event.event === "error") throw streamError({ error: { message: event.data } }, response, secret);
    throw new APIError(
      response.status,
      event.data,
      `The stream sent an event that is not JSON: ${describeBody(event.data)}`,
      response.headers,
    );
  }
  if (event.event === "error" || (value as { error?: unknown }).error != null) {
    throw streamError(value, response, secret);
  }
  return value as ChatCompletionChunk;
}

function streamError(body: unknown, response: Response, secret: string | undefined): APIStreamError {
  const clean = redact(body, secret);
  const error = (clean as { error?: { message?: unknown; type?: unknown; code?: unknown } }).error;
  const described = error ? describeBody({ error }) : describeBody(clean);
  const tags = [error?.type, error?.code].filter((tag) => typeof tag === "string" && tag).join(", ");
  return new APIStreamError(
    response.status,
    clean,
    `The stream failed: ${described}${tags ? ` (${tags})` : ""}`,
    redactHeaders(response.headers, secret),
  );
}

/** What ended a stream, as one of our errors: an abort or timeout, a server error event, or a lost connection. */
function streamFailure(caught: unknown, lifetime: RequestLifetime): VlmChatError {
  if (lifetime.signal.aborted) return abortReason(lifetime.signal);
  if (caught instanceof VlmChatError) return caught;
  return new APIConnectionError("The connection closed before the stream ended", { cause: caught });
}
