import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  AuthenticationError,
  formatDetail,
  MediaInputError,
  StructuredOutputError,
  UnprocessableEntityError,
} from "@vlmchat/client";
import { DemoError } from "./errors";

/**
 * The one line a person needs when a request fails: what happened and, where there is one, what to do.
 * Errors the demo does not recognise pass through unchanged, so their stack is kept for a bug report.
 */
export function describeFailure(error: unknown): unknown {
  if (error instanceof DemoError) return error;
  if (error instanceof UnprocessableEntityError) {
    return new DemoError(`the API rejected the request (422): ${formatDetail(error.detail).join("; ")}`, 1);
  }
  if (error instanceof AuthenticationError) {
    return new DemoError(`the API refused the key (401): check VLMRUN_API_KEY`, 1);
  }
  if (error instanceof APITimeoutError) return new DemoError(`no answer in time: ${error.message}`, 1);
  if (error instanceof APIConnectionError) {
    return new DemoError(`could not reach the API: ${error.message} (check the network or --base-url)`, 1);
  }
  if (error instanceof APIError) return new DemoError(`the API answered ${error.message}`, 1);
  if (error instanceof StructuredOutputError) {
    return new DemoError(
      `the answer is not valid structured output: ${formatDetail(error.detail).join("; ")}`,
      1,
    );
  }
  if (error instanceof MediaInputError) return new DemoError(error.message, 2);
  return error;
}
