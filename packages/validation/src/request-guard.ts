/**
 * `@vlmchat/validation/request-guard`: whether a value is a valid chat completion request, and nothing
 * more. The same precompiled checks as `./request`, at two fifths of its size: for code that validates
 * every request and wants the explanation (`validateChatCompletionRequest`, the 422's exact `detail`)
 * only for the rare one that fails.
 */
import type { ChatCompletionRequest } from "@vlmchat/types";
import { ChatCompletionRequest as check } from "./generated/ajv/request-guard.js";

/** True when `value` is a chat completion request the API accepts (unknown keys allowed, as the API does). */
export function isChatCompletionRequest(value: unknown): value is ChatCompletionRequest {
  return check(value);
}
