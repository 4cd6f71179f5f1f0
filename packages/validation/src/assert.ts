import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatCompletionStreamEvent,
  Model,
  ModelList,
} from "@vlmchat/types";
import type { ValidationResult } from "./detail";
import { RequestValidationError, ResponseValidationError } from "./errors";
import { type RequestValidationOptions, validateChatCompletionRequest } from "./request";
import {
  validateChatCompletion,
  validateChatCompletionChunk,
  validateModel,
  validateModelList,
  validateStreamEvent,
} from "./response";

function unwrap<T>(
  result: ValidationResult<T>,
  Failure: typeof RequestValidationError | typeof ResponseValidationError,
): T {
  if (!result.ok) throw new Failure(result.detail);
  return result.value;
}

/** Throws {@link RequestValidationError} (the 422 the API would answer) unless `value` is a valid request. */
export function assertChatCompletionRequest(
  value: unknown,
  options?: RequestValidationOptions,
): asserts value is ChatCompletionRequest {
  unwrap(validateChatCompletionRequest(value, options), RequestValidationError);
}

/** Throws {@link ResponseValidationError} unless `value` is a valid `chat.completion`. */
export function assertChatCompletion(value: unknown): asserts value is ChatCompletion {
  unwrap(validateChatCompletion(value), ResponseValidationError);
}

/** Throws {@link ResponseValidationError} unless `value` is a valid `chat.completion.chunk`. */
export function assertChatCompletionChunk(value: unknown): asserts value is ChatCompletionChunk {
  unwrap(validateChatCompletionChunk(value), ResponseValidationError);
}

/** Throws {@link ResponseValidationError} unless `value` is a valid stream event (a chunk or `{error}`). */
export function assertStreamEvent(value: unknown): asserts value is ChatCompletionStreamEvent {
  unwrap(validateStreamEvent(value), ResponseValidationError);
}

/** Throws {@link ResponseValidationError} unless `value` is a valid model list. */
export function assertModelList(value: unknown): asserts value is ModelList {
  unwrap(validateModelList(value), ResponseValidationError);
}

/** Throws {@link ResponseValidationError} unless `value` is a valid model. */
export function assertModel(value: unknown): asserts value is Model {
  unwrap(validateModel(value), ResponseValidationError);
}
