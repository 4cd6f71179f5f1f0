/**
 * `@vlmchat/validation`: precompiled validators of VLM Run's chat completions API whose failures are
 * the API's own 422 `detail`, plus the helpers around `response_format`. The entries `./request` and
 * `./response` carry the validators alone; `./zod` carries the zod schemas (zod is an optional peer) and
 * `./structured-output` the check of a structured answer (ajv's compiler, an optional peer). This entry
 * imports neither zod nor ajv.
 */
export {
  assertChatCompletion,
  assertChatCompletionChunk,
  assertChatCompletionRequest,
  assertModel,
  assertModelList,
  assertStreamEvent,
} from "./assert";
export type { LocRoot, ValidationDetail, ValidationIssue, ValidationResult } from "./detail";
export {
  formatDetail,
  formatLocation,
  RequestValidationError,
  ResponseValidationError,
  VlmChatError,
} from "./errors";
export {
  validateArtifactList,
  validateFileList,
  validateFileResponse,
  validatePresignedUrlResponse,
} from "./files";
export { parsePresignedUrlRequest } from "./files-request";
export { type JsonParseResult, type JsonSyntaxError, parseJsonText } from "./json-text";
export {
  knownModels,
  parseChatCompletionRequest,
  type RequestValidationOptions,
  requestValidator,
  validateChatCompletionRequest,
} from "./request";
export {
  type ResponseSchemaName,
  responseValidator,
  validateChatCompletion,
  validateChatCompletionChunk,
  validateErrorDetail,
  validateHealthStatus,
  validateHTTPValidationError,
  validateModel,
  validateModelList,
  validateOpenAIErrorBody,
  validateStreamErrorEvent,
  validateStreamEvent,
} from "./response";
export { type CanonicalResponseFormat, normalizeResponseFormat } from "./response-format";
export { checkResponseFormatSchema } from "./schema-lint";
