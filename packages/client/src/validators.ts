/**
 * The `validate` option's checks, in a module the client loads with `import()` only when validation is
 * on; it loads `@vlmchat/validation`'s precompiled validators the same way. Nothing of
 * `@vlmchat/validation` is imported statically anywhere: a bundler would then load it up front.
 */
import type { ChatCompletionChunk } from "@vlmchat/types";
import { describeDetail } from "./error-message";
import { RequestValidationError, ResponseValidationError, type ValidationDetail } from "./errors";

/** `"request"`, `"response"`, both (`true`) or neither (`false`). */
export type ValidateOption = boolean | "request" | "response";

/** The answers the client validates, by schema name (`validate${name}` is the validator). */
export type ResponseSchemaName = "ChatCompletion" | "ModelList" | "Model" | "HealthStatus";

/** Throws `RequestValidationError` (`.detail` as the server's 422 would hold it) when `body` is invalid. */
export async function checkRequest(body: unknown): Promise<void> {
  const { isChatCompletionRequest } = await import("@vlmchat/validation/request-guard");
  if (isChatCompletionRequest(body)) return;
  // Only a request that fails loads the validator that says why, in the API's words.
  const { validateChatCompletionRequest } = await import("@vlmchat/validation/request");
  const result = validateChatCompletionRequest(body);
  if (!result.ok)
    throw new RequestValidationError(result.detail, `Invalid request: ${describeDetail(result.detail)}`);
}

/** Throws `ResponseValidationError` when `value` is not a valid `name` (a schema name). */
export async function checkResponse(name: ResponseSchemaName, value: unknown): Promise<void> {
  const result = (await import("@vlmchat/validation/response"))[`validate${name}`](value);
  if (!result.ok) throw responseError(result.detail);
}

/** A synchronous check of stream chunks, loaded first. */
export async function chunkChecker(): Promise<(chunk: ChatCompletionChunk) => void> {
  const { validateChatCompletionChunk } = await import("@vlmchat/validation/response");
  return (chunk) => {
    const result = validateChatCompletionChunk(chunk);
    if (!result.ok) throw responseError(result.detail);
  };
}

function responseError(detail: ValidationDetail): ResponseValidationError {
  return new ResponseValidationError(
    detail,
    `The answer does not follow the API spec: ${describeDetail(detail)}`,
  );
}
