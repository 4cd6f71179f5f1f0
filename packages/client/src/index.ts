/**
 * @vlmchat/client: a typed client for VLM Run's OpenAI-compatible chat completions API, on openapi-fetch.
 * This entry uses no Node built-ins; `@vlmchat/client/node` adds inputs read from file paths.
 */
export type * from "@vlmchat/types";
export { apiRoot, DEFAULT_BASE_URL } from "./base-url";
export type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletions,
} from "./chat-completions";
export { type ClientOptions, VlmChat, VlmChat as default } from "./client";
export * from "./errors";
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
export { fromReadableStream } from "./ndjson";
export type { ChatSession, SessionOptions, SessionParams, TurnInput } from "./session";
export { type ServerSentEvent, SSEParser } from "./sse";
export { ChatCompletionStream } from "./stream";
export type {
  JsonSchema,
  ParsedChatCompletion,
  ParsedChatCompletionMessage,
  ParsedChoice,
  ParseParams,
  SchemaOutput,
  StandardJSONSchema,
  StructuredSchema,
} from "./structured-output";
export type { Logger, RequestOptions } from "./transport";
export type { ValidateOption } from "./validators";
