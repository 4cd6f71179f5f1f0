import { APICallError } from "@ai-sdk/provider";
import { APIError, APIUserAbortError } from "@vlmchat/client";

/** What an error needs to say which request failed. */
export interface FailedCall {
  url: string;
  requestBody: unknown;
  signal: AbortSignal | undefined;
}

/**
 * The error the SDK should see for a failure of the client:
 *   - the caller's abort: the signal's own reason (the SDK recognises its abort errors);
 *   - an HTTP answer, a connection failure, a timeout (total or idle), a stream cut short before
 *     `[DONE]` or an error event in a stream: `APICallError`, retryable for no answer, 408, 409, 429 and
 *     5xx (the SDK's own rule), with the API's body (a 422's `detail`) kept in `responseBody` and `data`;
 *   - anything else (a request the client's validation refused, a bad input): as it is.
 */
export function toSdkError(error: unknown, call: FailedCall): unknown {
  if (call.signal?.aborted) return call.signal.reason;
  if (error instanceof APIUserAbortError || !(error instanceof APIError)) return error;
  const status = error.status;
  return new APICallError({
    message: error.message,
    url: call.url,
    requestBodyValues: call.requestBody,
    ...(status !== undefined && { statusCode: status }),
    ...(error.headers && { responseHeaders: Object.fromEntries(error.headers) }),
    ...(error.body !== undefined && {
      responseBody: typeof error.body === "string" ? error.body : JSON.stringify(error.body),
    }),
    isRetryable: status === undefined || status === 408 || status === 409 || status === 429 || status >= 500,
    data: error.body,
    cause: error,
  });
}
