/**
 * `@vlmchat/validation/response`: validators of everything the API answers (precompiled; no zod, no
 * ajv compiler). On failure, `detail` has the 422 shape with `loc` starting at "response".
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionStreamEvent,
  ErrorDetail,
  HealthStatus,
  HTTPValidationError,
  Model,
  ModelList,
  OpenAIErrorBody,
  StreamErrorEvent,
} from "@vlmchat/types";
import type { ValidationResult } from "./detail";
import { ResponseValidationError } from "./errors";
import {
  validateArtifactList,
  validateFileList,
  validateFileResponse,
  validatePresignedUrlResponse,
} from "./files";
import * as generated from "./generated/ajv/response.js";
import { RESPONSE, runValidator } from "./validator";

export type { LocRoot, ValidationDetail, ValidationIssue, ValidationResult } from "./detail";
export { ResponseValidationError } from "./errors";

/** A `chat.completion` (the JSON answer of a request without `stream`). */
export function validateChatCompletion(value: unknown): ValidationResult<ChatCompletion> {
  return runValidator(generated.ChatCompletion, value, RESPONSE);
}

/** The `data` of one server-sent event that carries a `chat.completion.chunk`. */
export function validateChatCompletionChunk(value: unknown): ValidationResult<ChatCompletionChunk> {
  return runValidator(generated.ChatCompletionChunk, value, RESPONSE);
}

/**
 * The `data` of any server-sent event of a stream: a chunk, or the `{error}` event that ends a failed
 * stream. A failure is reported against the kind the value claims to be: an object with an `error`
 * key is checked as an error event, anything else as a chunk.
 */
export function validateStreamEvent(value: unknown): ValidationResult<ChatCompletionStreamEvent> {
  if (generated.ChatCompletionChunk(value) || generated.StreamErrorEvent(value)) return { ok: true, value };
  const claimsError = value !== null && typeof value === "object" && Object.hasOwn(value, "error");
  return claimsError ? validateStreamErrorEvent(value) : validateChatCompletionChunk(value);
}

/** The `{error: {message, type, code}}` event that ends a stream that failed after it started. */
export function validateStreamErrorEvent(value: unknown): ValidationResult<StreamErrorEvent> {
  return runValidator(generated.StreamErrorEvent, value, RESPONSE);
}

/** The answer of `GET /v1/openai/models`. */
export function validateModelList(value: unknown): ValidationResult<ModelList> {
  return runValidator(generated.ModelList, value, RESPONSE);
}

/** The answer of `GET /v1/openai/models/{model}`. */
export function validateModel(value: unknown): ValidationResult<Model> {
  return runValidator(generated.Model, value, RESPONSE);
}

/** The answer of `GET /v1/health`. */
export function validateHealthStatus(value: unknown): ValidationResult<HealthStatus> {
  return runValidator(generated.HealthStatus, value, RESPONSE);
}

/** A 422 body, `{detail: [{loc, msg, type}]}`. */
export function validateHTTPValidationError(value: unknown): ValidationResult<HTTPValidationError> {
  return runValidator(generated.HTTPValidationError, value, RESPONSE);
}

/** FastAPI's body of the other errors, `{detail: "…"}`. */
export function validateErrorDetail(value: unknown): ValidationResult<ErrorDetail> {
  return runValidator(generated.ErrorDetail, value, RESPONSE);
}

/** An OpenAI-style error body, `{error: {message, type, param, code}}`. */
export function validateOpenAIErrorBody(value: unknown): ValidationResult<OpenAIErrorBody> {
  return runValidator(generated.OpenAIErrorBody, value, RESPONSE);
}

const bySchema = {
  ChatCompletion: validateChatCompletion,
  ChatCompletionChunk: validateChatCompletionChunk,
  ModelList: validateModelList,
  Model: validateModel,
  HealthStatus: validateHealthStatus,
  FileResponse: validateFileResponse,
  FileList: validateFileList,
  PresignedUrlResponse: validatePresignedUrlResponse,
  ArtifactList: validateArtifactList,
};

/** The answers the client checks, by their schema's name. */
export type ResponseSchemaName = keyof typeof bySchema;

/**
 * The answer check for the client, `new VlmChat({ validate: { response: responseValidator } })`: throws
 * `ResponseValidationError` when `value` is not a valid `schema`.
 */
export function responseValidator(schema: ResponseSchemaName, value: unknown): void {
  const result = bySchema[schema](value);
  if (!result.ok) throw new ResponseValidationError(result.detail);
}
