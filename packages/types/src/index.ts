/**
 * @vlmchat/types: the types of VLM Run's OpenAI-compatible chat completions API, generated from
 * openapi/openapi.yaml by openapi-typescript. Every component schema has a named alias here.
 */
export type { components, operations, paths, webhooks } from "./generated/openapi";
export type * from "./generated/schemas";

import type { components } from "./generated/openapi";

type Schemas = components["schemas"];

/** Any content part of a message: text, image, video, audio or a document. */
export type ContentPart = Schemas["ContentPart"];
/** The `type` tag of a content part. */
export type ContentPartType = ContentPart["type"];
/** A message's `role`. */
export type Role = Schemas["Message"]["role"];
/** A request that asks for a stream of chunks. */
export type StreamingChatCompletionRequest = Schemas["ChatCompletionRequest"] & { stream: true };
/** A request that asks for one completion. */
export type NonStreamingChatCompletionRequest = Schemas["ChatCompletionRequest"] & { stream?: false | null };
