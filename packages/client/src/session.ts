import type { ChatCompletion, ChatCompletionChunk, ContentPart, Message } from "@vlmchat/types";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletions,
} from "./chat-completions";
import { ChatCompletionStream } from "./stream";
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

/** What a turn needs and updates. */
interface SessionState {
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
    const turn = this.#queue.then(() => runTurn(this.#state, input, params, options));
    this.#queue = turn.then(({ done }) => done, noop);
    return turn.then(({ value }) => value);
  }
}
/** One turn of a session: its answer, and when the turn is over (a streamed answer: when its stream ends). */
async function runTurn(
  state: SessionState,
  input: TurnInput,
  params: SessionParams | StreamingSessionParams,
  options: RequestOptions | undefined,
): Promise<{ value: ChatCompletion | ChatCompletionStream; done: Promise<void> }> {
  const body = {
    ...state.defaults,
    ...params,
    messages: [toMessage(input)],
    ...(state.id !== undefined && { session_id: state.id }),
  };
  if (!("stream" in params && params.stream)) {
    const completion = await state.completions.create(
      body as ChatCompletionCreateParamsNonStreaming,
      options,
    );
    state.id = completion.session_id || state.id;
    return { value: completion, done: Promise.resolve() };
  }
  const stream = await state.completions.create(body as ChatCompletionCreateParamsStreaming, options);
  let finished!: () => void;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
  });
  return { value: watch(state, stream, finished), done };
}

/** The same stream, noting the session id from the first chunk and finishing the turn at its end. */
function watch(
  state: SessionState,
  stream: ChatCompletionStream,
  finished: () => void,
): ChatCompletionStream {
  const iterate = async function* (): AsyncGenerator<ChatCompletionChunk> {
    try {
      for await (const chunk of stream) {
        state.id = chunk.session_id || state.id;
        yield chunk;
      }
    } finally {
      finished();
    }
  };
  return new ChatCompletionStream(
    iterate,
    (reason) => {
      stream.abort(reason);
      finished();
    },
    () => stream.response,
  );
}

function toMessage(input: TurnInput): Message {
  if (typeof input === "string" || Array.isArray(input)) return { role: "user", content: input };
  return "role" in input ? input : { role: "user", content: [input] };
}
