import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChatCompletionMessage,
  ChoiceLogprobs,
  FinishReason,
  ToolCall,
} from "@vlmchat/types";

interface ChoiceState {
  message: ChatCompletionMessage;
  finishReason: FinishReason | null;
  logprobs?: ChoiceLogprobs;
}

/**
 * Folds a stream's chunks into the `ChatCompletion` the same request would have answered without
 * streaming: content and refusal text, tool-call argument fragments, logprobs, usage and `session_id`.
 */
export class ChunkAccumulator {
  #first: ChatCompletionChunk | undefined;
  /** The session id the chunks carried so far ("" before the first chunk). */
  sessionId = "";
  #usage: ChatCompletion["usage"];
  #fingerprint: ChatCompletion["system_fingerprint"];
  readonly #choices: ChoiceState[] = [];

  add(chunk: ChatCompletionChunk): void {
    this.#first ??= chunk;
    this.sessionId ||= chunk.session_id;
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.system_fingerprint) this.#fingerprint = chunk.system_fingerprint;
    for (const choice of chunk.choices) {
      this.#choices[choice.index] ??= { message: { role: "assistant", content: null }, finishReason: null };
      const state = this.#choices[choice.index] as ChoiceState;
      const { delta, logprobs } = choice;
      const message = state.message;
      if (typeof delta.content === "string") message.content = (message.content ?? "") + delta.content;
      if (typeof delta.refusal === "string") message.refusal = (message.refusal ?? "") + delta.refusal;
      for (const fragment of delta.tool_calls ?? []) {
        message.tool_calls ??= [];
        message.tool_calls[fragment.index] ??= {
          id: "",
          type: "function",
          function: { name: "", arguments: "" },
        };
        const call = message.tool_calls[fragment.index] as ToolCall;
        // Some servers repeat `id` and `name` on every fragment: take them once, append only `arguments`.
        call.id ||= fragment.id ?? "";
        call.function.name ||= fragment.function?.name ?? "";
        call.function.arguments += fragment.function?.arguments ?? "";
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
      if (logprobs) {
        state.logprobs ??= { content: null };
        const kept = state.logprobs;
        if (logprobs.content) kept.content = (kept.content ?? []).concat(logprobs.content);
        if (logprobs.refusal) kept.refusal = (kept.refusal ?? []).concat(logprobs.refusal);
      }
    }
  }

  /** The completion so far; throws when no chunk arrived. A choice without a finish reason reads `stop`. */
  completion(): ChatCompletion {
    const first = this.#first;
    if (!first) throw new Error("No chunk arrived: there is no completion");
    const choices: ChatCompletionChoice[] = [];
    this.#choices.forEach(({ message, finishReason, logprobs }, index) => {
      // Tool calls are indexed by the server: drop any index it skipped.
      if (message.tool_calls) message.tool_calls = message.tool_calls.filter(Boolean);
      choices.push({ index, message, finish_reason: finishReason ?? "stop", ...(logprobs && { logprobs }) });
    });
    const completion: ChatCompletion = {
      id: first.id,
      object: "chat.completion",
      created: first.created,
      model: first.model,
      choices,
      session_id: this.sessionId,
    };
    if (this.#usage !== undefined) completion.usage = this.#usage;
    if (this.#fingerprint !== undefined) completion.system_fingerprint = this.#fingerprint;
    return completion;
  }
}
