/**
 * The client's errors. The base `VlmChatError` and the validation errors come from
 * `@vlmchat/validation/errors` (no validator code), so `instanceof` holds across packages; the HTTP
 * errors below extend the same base.
 */
import type { StreamErrorEvent } from "@vlmchat/types";
import { type ValidationDetail, VlmChatError } from "@vlmchat/validation/errors";

export {
  formatDetail,
  RequestValidationError,
  ResponseValidationError,
  type ValidationDetail,
  VlmChatError,
} from "@vlmchat/validation/errors";

/** An HTTP answer that is not a success, or a stream that failed after it started. */
export class APIError extends VlmChatError {
  override name = "APIError";
  /** The HTTP status; `undefined` when no answer arrived (connection errors, timeouts, aborts). */
  readonly status: number | undefined;
  /** The answer's headers, when there was an answer. */
  readonly headers: Headers | undefined;
  /**
   * The server's request id: the `x-request-id` header (an assumption: VLM Run documents no such
   * header; OpenAI-style servers send it), else `error.id` of an `{"error": {…}}` body (VLM Run's Python
   * SDK reads it so).
   */
  readonly requestId: string | undefined;
  /** The answer's body: parsed JSON when it was JSON, else its text. */
  readonly body: unknown;

  constructor(
    status: number | undefined,
    body: unknown,
    message: string,
    headers?: Headers,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.status = status;
    this.body = body;
    this.headers = headers;
    const bodyId = (body as { error?: { id?: unknown } } | undefined)?.error?.id;
    this.requestId = headers?.get("x-request-id") ?? (typeof bodyId === "string" ? bodyId : undefined);
  }

  /** What `JSON.stringify` writes: no headers (they may carry cookies), nothing from the request. */
  toJSON(): object {
    return { ...this, message: this.message, headers: undefined };
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class PayloadTooLargeError extends APIError {
  override name = "PayloadTooLargeError";
}
/** A 422. `.detail` is the server's list of field errors, kept whole (`[]` when the body has no list). */
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
  get detail(): ValidationDetail {
    const detail = (this.body as { detail?: unknown } | undefined)?.detail;
    return Array.isArray(detail) ? detail : [];
  }
}

/** An answer larger than the client's limit (`maxResponseSize`, `maxEventSize`): never retried. */
export class ResponseTooLargeError extends APIError {
  override name = "ResponseTooLargeError";
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** An error the server sent inside a stream that had started: `data: {"error": {...}}` or `event: error`. */
export class APIStreamError extends APIError {
  override name = "APIStreamError";
  /** `error.type` of the event, e.g. `server_error`. */
  get type(): string | undefined {
    return (this.body as StreamErrorEvent | undefined)?.error?.type;
  }
  /** `error.code` of the event, e.g. `internal_error`. */
  get code(): string | null | undefined {
    return (this.body as StreamErrorEvent | undefined)?.error?.code;
  }
}

/** No answer: DNS, refused or reset connection, a body cut short. */
export class APIConnectionError extends APIError {
  override name = "APIConnectionError";
  constructor(message = "Connection error", options?: ErrorOptions) {
    super(undefined, undefined, message, undefined, options);
  }
}

/** The total or the idle timeout ran out. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}

/** The caller aborted: `stream.abort()`, an aborted `signal`, or leaving a `for await` early. */
export class APIUserAbortError extends APIError {
  override name = "APIUserAbortError";
  constructor(message = "Request was aborted", options?: ErrorOptions) {
    super(undefined, undefined, message, undefined, options);
  }
}

/** Ends a stream its reader left before the end (break, return, throw in a `for await`). */
export function leftEarly(): APIUserAbortError {
  return new APIUserAbortError("The stream was left early");
}

/** A structured answer that cannot be used: cut short, not JSON, or not matching the schema. */
export class StructuredOutputError extends VlmChatError {
  override name = "StructuredOutputError";
  /** The answer's raw text (`choices[i].message.content`). */
  readonly content: string | null;
  /** Why: FastAPI-style items (`json_invalid`, schema errors, or `finish_reason_length`). */
  readonly detail: ValidationDetail;
  /** The completion the answer came from. */
  readonly completion: unknown;

  constructor(message: string, content: string | null, detail: ValidationDetail, completion: unknown) {
    super(message);
    this.content = content;
    this.detail = detail;
    this.completion = completion;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, content: this.content, detail: this.detail };
  }
}

/** An input helper (`image()`, `video()`, …) got something it cannot send. */
export class MediaInputError extends VlmChatError {
  override name = "MediaInputError";
}
