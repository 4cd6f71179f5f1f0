import type { LanguageModelV3FinishReason } from "@ai-sdk/provider";

/** VLM Run's `finish_reason` in the SDK's terms, the raw value kept. */
export function finishReason(raw: string | null | undefined): LanguageModelV3FinishReason {
  const value = raw ?? undefined;
  switch (value) {
    case "stop":
      return { unified: "stop", raw: value };
    case "length":
      return { unified: "length", raw: value };
    case "tool_calls":
      return { unified: "tool-calls", raw: value };
    case "content_filter":
      return { unified: "content-filter", raw: value };
    default:
      return { unified: "other", raw: value };
  }
}
