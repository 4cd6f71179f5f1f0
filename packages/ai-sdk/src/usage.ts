import type { JSONObject, LanguageModelV3Usage } from "@ai-sdk/provider";
import type { Usage } from "@vlmchat/client";

/** The answer's `usage` in the SDK's shape; `raw` keeps it whole, credits included. */
export function toUsage(usage: Usage | null | undefined): LanguageModelV3Usage {
  if (!usage) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const cached = numberAt(usage.prompt_tokens_details, "cached_tokens");
  const reasoning = numberAt(usage.completion_tokens_details, "reasoning_tokens");
  return {
    inputTokens: {
      total: usage.prompt_tokens,
      noCache: cached === undefined ? undefined : usage.prompt_tokens - cached,
      cacheRead: cached,
      cacheWrite: undefined,
    },
    outputTokens: {
      total: usage.completion_tokens,
      text: reasoning === undefined ? undefined : usage.completion_tokens - reasoning,
      reasoning,
    },
    raw: usage as unknown as JSONObject,
  };
}

/** The credits a call cost: `usage.credits_used`, else `usage.credits` (VLM Run's CLI reads both). */
export function creditsOf(usage: Usage | null | undefined): number | undefined {
  return numberAt(usage, "credits_used") ?? numberAt(usage, "credits");
}

function numberAt(object: unknown, key: string): number | undefined {
  const value = (object as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === "number" ? value : undefined;
}
