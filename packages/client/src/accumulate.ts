import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  FinishReason,
  TokenLogprob,
  ToolCall,
  Usage,
} from "@vlmchat/types";

interface ChoiceState {
  content: string | null;
  refusal: string | null;
  toolCalls: ToolCall[] | undefined;
  finishReason: FinishReason | null;
  logprobs: TokenLogprob[] | null;
  refusalLogprobs: TokenLogprob[] | null;
  hasLogprobs: boolean;
}

/**
 * Folds a stream's chunks into the `ChatCompletion` the same request would have answered without
 * streaming: content and refusal text, tool-call argument fragments, logprobs, usage and `session_id`.
 */
export class ChunkAccumulator {
  #first: ChatCompletionChunk | undefined;
  #sessionId = "";
  #usage: Usage | null | undefined;
  #fingerprint: string | null | undefined;
  readonly #choices: ChoiceState[] = [];

  add(chunk: ChatCompletionChunk): void {
    if (this.#first === undefined) this.#first = chunk;
    if (!this.#sessionId && chunk.session_id) this.#sessionId = chunk.session_id;
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.system_fingerprint) this.#fingerprint = chunk.system_fingerprint;
    const choices = chunk.choices;
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i] as ChatCompletionChunk["choices"][number];
      const state = this.#choices[choice.index] ?? this.#newChoice(choice.index);
      const delta = choice.delta;
      if (delta) {
        if (typeof delta.content === "string") state.content = (state.content ?? "") + delta.content;
        if (typeof delta.refusal === "string") state.refusal = (state.refusal ?? "") + delta.refusal;
        if (delta.tool_calls) addToolCalls(state, delta.tool_calls);
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
      const logprobs = choice.logprobs;
      if (logprobs) {
        state.hasLogprobs = true;
        if (logprobs.content) state.logprobs = (state.logprobs ?? []).concat(logprobs.content);
        if (logprobs.refusal) state.refusalLogprobs = (state.refusalLogprobs ?? []).concat(logprobs.refusal);
      }
    }
  }

  /** The session id the chunks carried so far ("" before the first chunk). */
  get sessionId(): string {
    return this.#sessionId;
  }

  /** The completion so far; throws when no chunk arrived. A choice without a finish reason reads `stop`. */
  completion(): ChatCompletion {
    const first = this.#first;
    if (!first)
      throw new Error("The stream ended before its first chunk: there is no completion to assemble");
    const choices: ChatCompletionChoice[] = [];
    this.#choices.forEach((state, index) => {
      const message: ChatCompletionChoice["message"] = { role: "assistant", content: state.content };
      if (state.refusal !== null) message.refusal = state.refusal;
      if (state.toolCalls) message.tool_calls = state.toolCalls.filter(Boolean);
      const choice: ChatCompletionChoice = { index, message, finish_reason: state.finishReason ?? "stop" };
      if (state.hasLogprobs) {
        choice.logprobs = { content: state.logprobs };
        if (state.refusalLogprobs) choice.logprobs.refusal = state.refusalLogprobs;
      }
      choices.push(choice);
    });
    const completion: ChatCompletion = {
      id: first.id,
      object: "chat.completion",
      created: first.created,
      model: first.model,
      choices,
      session_id: this.#sessionId,
    };
    if (this.#usage !== undefined) completion.usage = this.#usage;
    if (this.#fingerprint !== undefined) completion.system_fingerprint = this.#fingerprint;
    return completion;
  }

  #newChoice(index: number): ChoiceState {
    const state: ChoiceState = {
      content: null,
      refusal: null,
      toolCalls: undefined,
      finishReason: null,
      logprobs: null,
      refusalLogprobs: null,
      hasLogprobs: false,
    };
    this.#choices[index] = state;
    return state;
  }
}

function addToolCalls(
  state: ChoiceState,
  deltas: NonNullable<ChatCompletionChunk["choices"][number]["delta"]["tool_calls"]>,
) {
  state.toolCalls ??= [];
  for (const delta of deltas) {
    let call = state.toolCalls[delta.index];
    if (!call) {
      call = { id: "", type: "function", function: { name: "", arguments: "" } };
      state.toolCalls[delta.index] = call;
    }
    // Some servers repeat `id` and `name` on every fragment: take them once, append only `arguments`.
    if (delta.id && !call.id) call.id = delta.id;
    if (delta.function?.name && !call.function.name) call.function.name = delta.function.name;
    if (delta.function?.arguments) call.function.arguments += delta.function.arguments;
  }
}
