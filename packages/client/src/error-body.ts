/**
 * Reading error bodies into messages, and the error for a failed answer. Loaded by the client on the
 * first failed answer only: a bundle's up-front code carries the error classes, not this.
 */

import {
  APIError,
  APIStreamError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  redact,
  redactHeaders,
  UnprocessableEntityError,
} from "./errors";
import type { ServerSentEvent } from "./sse";

const statusClasses: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * The error for an HTTP answer with a failure status, its message read from any body form. `secret` (the
 * API key) is cut out of the body first: some servers and proxies echo the credential they rejected.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers: Headers,
  statusText = "",
  secret?: string,
): APIError {
  const ErrorClass = statusClasses[status] ?? (status >= 500 ? InternalServerError : APIError);
  const clean = redact(body, secret);
  const message = `${status} ${describeBody(clean) || redact(statusText, secret) || "(no body)"}`;
  return new ErrorClass(status, clean, message, redactHeaders(headers, secret));
}

/** A readable one-line summary of an error body in FastAPI, OpenAI, plain-text or HTML form. */
export function describeBody(body: unknown): string {
  const { detail, error, message } = (body ?? {}) as {
    detail?: unknown;
    error?: { message?: unknown };
    message?: unknown;
  };
  const text =
    typeof body === "string"
      ? // HTML (a proxy's error page): its title, else its text.
        (/<title[^>]*>([^<]*)/i.exec(body)?.[1] ?? body.replace(/<[^>]*>/g, " "))
      : typeof detail === "string"
        ? detail
        : Array.isArray(detail)
          ? describeDetail(detail)
          : (error?.message ?? message ?? (body === undefined ? "" : JSON.stringify(body)));
  const line = String(text).replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** `body.messages.0.role: Input should be … (literal_error); …`, at most three items. */
export function describeDetail(detail: readonly unknown[]): string {
  const shown = detail.slice(0, 3).map((item) => {
    const { loc, msg, type } = (item ?? {}) as { loc?: unknown[]; msg?: unknown; type?: unknown };
    return `${loc ? `${loc.join(".")}: ` : ""}${msg}${type ? ` (${type})` : ""}`;
  });
  return shown.join("; ") + (detail.length > 3 ? ` (and ${detail.length - 3} more)` : "");
}

/** The error a stream's error event stands for (`data: {"error": …}`, `event: error`, or data that is not JSON). */
export function streamError(
  event: ServerSentEvent,
  response: Response,
  secret: string | undefined,
): APIStreamError {
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    value = { error: { message: event.data } };
  }
  const body = redact(value, secret);
  return new APIStreamError(
    response.status,
    body,
    `The stream failed: ${describeBody(body)}`,
    redactHeaders(response.headers, secret),
  );
}
