import type { LanguageModelV3StreamPart, SharedV3Warning } from "@ai-sdk/provider";
import type { ChatCompletionChunk, Usage } from "@vlmchat/client";
import { finishReason } from "./finish-reason";
import { vlmrunMetadata } from "./metadata";
import { toUsage } from "./usage";

interface OpenToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Turns the chunks of one streamed answer into the SDK's stream parts: `stream-start` with the
 * warnings, `response-metadata` from the first chunk, one text block (`text-start`, `-delta`, `-end`),
 * each tool call as `tool-input-start`/`-delta`/`-end` then `tool-call`, and `finish` with the usage and
 * `providerMetadata.vlmrun`. Only the first choice is read (the SDK asks for one).
 */
export class StreamParts {
  #text = "";
  #textOpen = false;
  #first = true;
  #finishReason: string | null | undefined;
  #usage: Usage | null | undefined;
  #sessionId: string | undefined;
  readonly #toolCalls = new Map<number, OpenToolCall>();
  readonly #requestId: string | undefined;

  /** `requestId`: the answer's `x-request-id`, given back in `providerMetadata.vlmrun`. */
  constructor(requestId?: string) {
    this.#requestId = requestId;
  }

  start(warnings: SharedV3Warning[]): LanguageModelV3StreamPart {
    return { type: "stream-start", warnings };
  }

  chunk(chunk: ChatCompletionChunk, emit: (part: LanguageModelV3StreamPart) => void): void {
    if (this.#first) {
      this.#first = false;
      emit({
        type: "response-metadata",
        id: chunk.id,
        modelId: chunk.model,
        timestamp: new Date(chunk.created * 1000),
      });
    }
    this.#sessionId = chunk.session_id || this.#sessionId;
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices.find((each) => each.index === 0);
    if (!choice) return;
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    const content = choice.delta.content;
    if (typeof content === "string" && content !== "") {
      if (!this.#textOpen) {
        this.#textOpen = true;
        emit({ type: "text-start", id: "text-0" });
      }
      this.#text += content;
      emit({ type: "text-delta", id: "text-0", delta: content });
    }
    for (const delta of choice.delta.tool_calls ?? []) {
      let call = this.#toolCalls.get(delta.index);
      if (!call) {
        call = { id: delta.id ?? `call-${delta.index}`, name: delta.function?.name ?? "", arguments: "" };
        this.#toolCalls.set(delta.index, call);
        emit({ type: "tool-input-start", id: call.id, toolName: call.name });
      }
      const args = delta.function?.arguments;
      if (args) {
        call.arguments += args;
        emit({ type: "tool-input-delta", id: call.id, delta: args });
      }
    }
  }

  /** The closing parts, after the last chunk; `failed` when the stream ended with an error part. */
  end(emit: (part: LanguageModelV3StreamPart) => void, failed = false): void {
    if (this.#textOpen) emit({ type: "text-end", id: "text-0" });
    for (const call of this.#toolCalls.values()) {
      emit({ type: "tool-input-end", id: call.id });
      emit({ type: "tool-call", toolCallId: call.id, toolName: call.name, input: call.arguments || "{}" });
    }
    emit({
      type: "finish",
      finishReason: failed ? { unified: "error", raw: undefined } : finishReason(this.#finishReason),
      usage: toUsage(this.#usage),
      providerMetadata: vlmrunMetadata(this.#sessionId, this.#text, this.#usage, this.#requestId),
    });
  }
}
