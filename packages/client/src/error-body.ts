/** The error an HTTP answer or a stream's error event stands for, its message read from any body form. */
import {
  APIError,
  APIStreamError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  formatDetail,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors";
import { redact, redactHeaders } from "./redact";

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
 * The error for an HTTP answer with a failure status. `secret` (the API key) is cut out of the body
 * first: some servers and proxies echo the credential they rejected.
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

/**
 * A one-line summary of an error body: FastAPI's `{detail}` (a list, a string or an object), OpenAI's
 * `{error: {message}}`, `{message}`, plain text, or a proxy's HTML page (its title).
 */
function describeBody(body: unknown): string {
  const { detail, error, message } = (body ?? {}) as {
    detail?: unknown;
    error?: { message?: unknown } | string;
    message?: unknown;
  };
  let text: unknown;
  if (typeof body === "string")
    text = /<title[^>]*>([^<]*)/i.exec(body)?.[1] ?? body.replace(/<[^>]*>/g, " ");
  else if (detail !== undefined) {
    const lines = formatDetail(detail);
    text = lines.slice(0, 3).join("; ") + (lines.length > 3 ? ` (and ${lines.length - 3} more)` : "");
  } else if (typeof error === "string") text = error;
  else text = error?.message ?? message ?? (body === undefined ? "" : JSON.stringify(body));
  const line = String(text).replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The error a stream's error event stands for (`data: {"error": …}`, `event: error`, or data that is not JSON). */
export function streamError(data: string, response: Response, secret: string | undefined): APIStreamError {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    value = { error: { message: data } };
  }
  const body = redact(value, secret);
  return new APIStreamError(
    response.status,
    body,
    `The stream failed: ${describeBody(body)}`,
    redactHeaders(response.headers, secret),
  );
}
