import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChoiceLogprobs,
  FinishReason,
  ToolCall,
} from "@vlmchat/types";
import { VlmChatError } from "./errors";

// Text arrives in many small pieces: they are kept in arrays and joined once. (Growing one string
// piece by piece builds a tree of cons strings that the garbage collector must copy and trace while
// the stream is read; in a 100,000-chunk stream that alone costs more than the parsing.) The content,
// by far the most pieces, is joined every 256 pieces onto `text`: a hundred thousand small strings
// kept alive would each be copied by the garbage collector, a few hundred joined ones cost nothing.
interface CallState {
  id: string;
  name: string;
  arguments: string[];
}

interface ChoiceState {
  /** The content's latest pieces; the earlier ones are joined in `text`. */
  content: string[] | undefined;
  text: string;
  refusal: string[] | undefined;
  calls: CallState[] | undefined;
  finishReason: FinishReason | null;
  logprobs: ChoiceLogprobs | undefined;
}

/**
 * Folds a stream's chunks into the `ChatCompletion` the same request would have answered without
 * streaming: content and refusal text, tool-call argument fragments, logprobs, usage and `session_id`.
 */
export class ChunkAccumulator {
  #first: ChatCompletionChunk | undefined;
  #sessionId: string | undefined;
  #usage: ChatCompletion["usage"];
  #fingerprint: ChatCompletion["system_fingerprint"];
  readonly #choices: ChoiceState[] = [];

  add(chunk: ChatCompletionChunk): void {
    this.#first ??= chunk;
    this.#sessionId ||= chunk.session_id;
    if (chunk.usage) this.#usage = chunk.usage;
    if (chunk.system_fingerprint) this.#fingerprint = chunk.system_fingerprint;
    const choices = chunk.choices;
    for (let i = 0; i < choices.length; i++) {
      const { index, delta, finish_reason, logprobs } = choices[i] as ChatCompletionChunk["choices"][number];
      let state = this.#choices[index];
      if (!state) {
        state = {
          content: undefined,
          text: "",
          refusal: undefined,
          calls: undefined,
          finishReason: null,
          logprobs: undefined,
        };
        this.#choices[index] = state;
      }
      if (typeof delta.content === "string") {
        state.content ??= [];
        const pieces = state.content;
        if (pieces.push(delta.content) === 256) {
          state.text += pieces.join("");
          pieces.length = 0;
        }
      }
      if (typeof delta.refusal === "string") {
        if (state.refusal) state.refusal.push(delta.refusal);
        else state.refusal = [delta.refusal];
      }
      const fragments = delta.tool_calls;
      if (fragments) {
        state.calls ??= [];
        const calls = state.calls;
        for (const fragment of fragments) {
          let call = calls[fragment.index];
          if (!call) {
            call = { id: "", name: "", arguments: [] };
            calls[fragment.index] = call;
          }
          // Some servers repeat `id` and `name` on every fragment: take them once, append only `arguments`.
          call.id ||= fragment.id ?? "";
          call.name ||= fragment.function?.name ?? "";
          if (fragment.function?.arguments) call.arguments.push(fragment.function.arguments);
        }
      }
      if (finish_reason) state.finishReason = finish_reason;
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
    if (!first) throw new VlmChatError("No chunk arrived: there is no completion");
    const choices: ChatCompletionChoice[] = [];
    this.#choices.forEach((state, index) => {
      const message: ChatCompletionChoice["message"] = {
        role: "assistant",
        content: state.content ? state.text + state.content.join("") : null,
      };
      if (state.refusal) message.refusal = state.refusal.join("");
      if (state.calls) {
        // Tool calls are indexed by the server: any index it skipped is left out.
        message.tool_calls = state.calls.filter(Boolean).map(
          (call): ToolCall => ({
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: call.arguments.join("") },
          }),
        );
      }
      const choice: ChatCompletionChoice = { index, message, finish_reason: state.finishReason ?? "stop" };
      if (state.logprobs) choice.logprobs = state.logprobs;
      choices.push(choice);
    });
    const completion: ChatCompletion = {
      id: first.id,
      object: "chat.completion",
      created: first.created,
      model: first.model,
      choices,
    };
    // Documented on the first chunk at least; an answer without it is still a valid answer.
    if (this.#sessionId) completion.session_id = this.#sessionId;
    if (this.#usage !== undefined) completion.usage = this.#usage;
    if (this.#fingerprint !== undefined) completion.system_fingerprint = this.#fingerprint;
    return completion;
  }
}
