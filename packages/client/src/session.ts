import type { ChatCompletion, ContentPart, Message } from "@vlmchat/types";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletions,
} from "./chat-completions";
import type { ChatCompletionStream } from "./stream";
import type { RequestOptions } from "./transport";

export interface SessionOptions {
  /** Continue an existing session (its `session_id`); by default the server starts one on the first send. */
  id?: string;
  /** Request fields sent with every turn (e.g. `model`, `toolsets`); a turn's own params win. */
  defaults?: SessionParams;
}

/** Request fields of one turn: everything but `messages` and `session_id`, which the session provides. */
export type SessionParams = Omit<
  ChatCompletionCreateParamsNonStreaming,
  "messages" | "session_id" | "stream"
>;
export type StreamingSessionParams = Omit<ChatCompletionCreateParamsStreaming, "messages" | "session_id">;

/** What one turn says: text, content parts (`image()`, `video()`, … results) or a whole message. */
export type TurnInput = string | ContentPart | ContentPart[] | Message;

/** What a turn needs and updates; the turn itself lives in `./session-turn` (loaded on the first send). */
export interface SessionState {
  completions: ChatCompletions;
  id: string | undefined;
  defaults: SessionParams;
}

const noop = () => {};

/**
 * A conversation kept on the server: each `send` carries only the new message and the `session_id` the
 * server returned, which holds the history. Turns run one after the other, in call order, even when
 * `send` is called again before the previous turn finished. A streamed turn finishes when its stream is
 * read to its end, left or aborted.
 */
export class ChatSession {
  readonly #state: SessionState;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(completions: ChatCompletions, options: SessionOptions = {}) {
    this.#state = { completions, id: options.id, defaults: options.defaults ?? {} };
  }

  /** The session's id: given, or returned by the server on the first turn. */
  get id(): string | undefined {
    return this.#state.id;
  }

  send(
    input: TurnInput,
    params: StreamingSessionParams,
    options?: RequestOptions,
  ): Promise<ChatCompletionStream>;
  send(input: TurnInput, params?: SessionParams, options?: RequestOptions): Promise<ChatCompletion>;
  send(
    input: TurnInput,
    params: SessionParams | StreamingSessionParams = {},
    options?: RequestOptions,
  ): Promise<ChatCompletion | ChatCompletionStream> {
    const turn = this.#queue
      .then(() => import("./session-turn"))
      .then(({ runTurn }) => runTurn(this.#state, input, params, options));
    this.#queue = turn.then(({ done }) => done, noop);
    return turn.then(({ value }) => value);
  }
}
