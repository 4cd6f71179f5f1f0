/**
 * @vlmchat/client: a typed client for VLM Run's OpenAI-compatible chat completions API, on openapi-fetch.
 * This entry uses no Node built-ins; `@vlmchat/client/node` adds inputs read from file paths.
 */
export type * from "@vlmchat/types";
export { APIPromise, type WithRequestId, type WithResponse } from "./api-promise";
export { artifactRefs } from "./artifact-refs";
export { Artifact, type ArtifactListParams, type ArtifactRetrieveParams, type Artifacts } from "./artifacts";
export { apiRoot, DEFAULT_BASE_URL } from "./base-url";
export type { FetchLike } from "./call";
export type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletions,
} from "./chat-completions";
export { type ClientOptions, type ModelListPromise, VlmChat, VlmChat as default } from "./client";
export {
  APIConnectionError,
  APIError,
  APIStreamError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  formatDetail,
  InternalServerError,
  MediaInputError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  ResponseTooLargeError,
  ResponseValidationError,
  StructuredOutputError,
  UnprocessableEntityError,
  type ValidationDetail,
  VlmChatError,
} from "./errors";
export type { FileListParams, FilePage, FilePagePromise } from "./file-page";
export { DIRECT_UPLOAD_LIMIT, type Files, type FileUploadOptions } from "./files";
export { audio, document, file, image, video } from "./inputs/helpers";
export { inputFile, type UploadedFile } from "./inputs/input-file";
export type { MediaOptions, MediaPart, MediaSource } from "./inputs/media";
export {
  type InlineSkillInput,
  inlineSkill,
  type SkillVersionOptions,
  skill,
  skillById,
} from "./inputs/skills";
export { type MediaKind, type SniffedType, sniff } from "./inputs/sniff";
export type { Logger, LogLevel } from "./log";
export type { ChatSession, SessionOptions, SessionParams, TurnInput } from "./session";
export { ChatCompletionStream, fromReadableStream } from "./stream";
export type {
  JsonSchema,
  OutputValidator,
  ParsedChatCompletion,
  ParsedChatCompletionMessage,
  ParsedChoice,
  ParseOptions,
  ParseParams,
  SchemaOutput,
  StandardJSONSchema,
  StandardSchema,
  StructuredSchema,
} from "./structured-output";
export type { RequestOptions } from "./transport";
export type { UploadProgress } from "./upload-body";
export type { Uploadable, UploadPlatform } from "./upload-source";
export type { RequestValidator, ResponseSchemaName, ResponseValidator, ValidateOption } from "./validators";
export { VERSION } from "./version";
