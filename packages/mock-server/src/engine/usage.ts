import type { PartDescription } from "./content-parts";
import type { Conversation } from "./conversation";
import { countTokens } from "./tokens";

/**
 * The mock's documented token count (the README repeats it):
 *   - text: the tokens of `tokens.ts`; a text over 64 Ki characters is scanned for its first 64 Ki and
 *     counted at that rate for the rest, so one large message costs a bounded scan;
 *   - each message: 3 tokens of overhead, and 3 more to prime the reply;
 *   - an image: 85 tokens, plus 170 per 512-pixel tile when its size is known and `detail` is not
 *     `low` (OpenAI's rule: fit in 2048×2048, then scale the short side down to 768);
 *   - any other media part (video, audio, document, file): 256 tokens;
 *   - tools and a response schema: the tokens of their JSON;
 *   - the session's earlier turns: the tokens they used, since the agent sees them again.
 */
export const MESSAGE_OVERHEAD = 3;
export const REPLY_PRIMING = 3;
export const IMAGE_BASE_TOKENS = 85;
export const IMAGE_TILE_TOKENS = 170;
export const OTHER_MEDIA_TOKENS = 256;
/** How much of a prompt text is scanned for tokens (UTF-16 units). */
export const TOKEN_SCAN_LIMIT = 64 * 1024;

/** The prompt tokens of a text: exact up to the scan limit, extrapolated from its head beyond it. */
export function promptTokens(text: string): number {
  if (text.length <= TOKEN_SCAN_LIMIT) return countTokens(text);
  return Math.round((countTokens(text.slice(0, TOKEN_SCAN_LIMIT)) * text.length) / TOKEN_SCAN_LIMIT);
}

export function imageTokens(width: number | undefined, height: number | undefined, detail?: string): number {
  if (width === undefined || height === undefined || detail === "low") return IMAGE_BASE_TOKENS;
  let w = width;
  let h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shrink = Math.min(1, 768 / Math.min(w, h));
  w *= shrink;
  h *= shrink;
  return IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * Math.ceil(w / 512) * Math.ceil(h / 512);
}

export function partTokens(part: PartDescription): number {
  if (part.kind === "text") return promptTokens(part.text ?? "");
  if (part.kind === "image") return imageTokens(part.width, part.height, part.detail);
  return OTHER_MEDIA_TOKENS;
}

/** The prompt tokens of this request alone: its messages, plus extra JSON (tools, a response schema). */
export function requestTokens(conversation: Conversation, extraJson: readonly string[]): number {
  let total = REPLY_PRIMING;
  conversation.messages.forEach((message, i) => {
    total += MESSAGE_OVERHEAD;
    for (const part of conversation.parts[i] ?? []) total += partTokens(part);
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        total += promptTokens(call.function.name) + promptTokens(call.function.arguments);
      }
    }
  });
  for (const json of extraJson) total += promptTokens(json);
  return total;
}
