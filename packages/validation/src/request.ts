/**
 * `@vlmchat/validation/request`: the request validator alone (precompiled; no zod, no ajv compiler),
 * for clients that check a request before it costs a round trip.
 */
import type { ChatCompletionRequest } from "@vlmchat/types";
import { detailFromAjvErrors } from "./ajv-errors";
import type { ValidationResult } from "./detail";
import { RequestValidationError } from "./errors";
import {
  ChatCompletionRequest as checkRequest,
  ChatCompletionRequestExtraKeys as findExtraKeys,
} from "./generated/ajv/request.js";
import { parseJsonBody } from "./json-text";
import { BODY, runValidator } from "./validator";

export type { LocRoot, ValidationDetail, ValidationIssue, ValidationResult } from "./detail";
export { RequestValidationError } from "./errors";
/** The model ids the spec documents (`KnownModel`); `model` itself takes any string. */
export { knownModels } from "./generated/known-values/index";

export interface RequestValidationOptions {
  /** Report keys the spec does not define as `extra_forbidden` (the server itself ignores them). */
  strict?: boolean;
}

/**
 * Checks a chat completion request. On failure, `detail` is exactly the `detail` of the 422 the API
 * would answer: `loc` starts with "body", `type` is Pydantic's code.
 */
export function validateChatCompletionRequest(
  value: unknown,
  options: RequestValidationOptions = {},
): ValidationResult<ChatCompletionRequest> {
  if (!options.strict) return runValidator(checkRequest, value, BODY);
  const valid = checkRequest(value);
  const errors = valid ? [] : [...(checkRequest.errors ?? [])];
  // The second validator only looks for unknown keys; its other errors repeat the first one's.
  if (!findExtraKeys(value)) {
    for (const error of findExtraKeys.errors ?? [])
      if (error.keyword === "additionalProperties") errors.push(error);
  }
  if (errors.length === 0) return { ok: true, value: value as ChatCompletionRequest };
  return { ok: false, detail: detailFromAjvErrors(errors, value, BODY) };
}

/**
 * Checks a request body as the server receives it, as JSON text: an empty body is `missing`, text that
 * is not JSON is FastAPI's `json_invalid` (with Python's message and position), anything else is
 * validated as {@link validateChatCompletionRequest} does.
 */
export function parseChatCompletionRequest(
  jsonText: string,
  options: RequestValidationOptions = {},
): ValidationResult<ChatCompletionRequest> {
  const parsed = parseJsonBody(jsonText);
  if (!parsed.ok) return parsed;
  return validateChatCompletionRequest(parsed.value, options);
}

/**
 * The request check for the client, `new VlmChat({ validate: { request: requestValidator } })`: throws
 * `RequestValidationError`, whose `detail` is the 422's, when the API would refuse `body`.
 */
export function requestValidator(body: unknown): void {
  const result = validateChatCompletionRequest(body);
  if (!result.ok) throw new RequestValidationError(result.detail);
}
