import type { ChatCompletion, ChatCompletionChunk, ContentPart, Message } from "@vlmchat/types";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletions,
} from "./chat-completions";
import { APIUserAbortError } from "./errors";
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
type StreamingSessionParams = Omit<ChatCompletionCreateParamsStreaming, "messages" | "session_id">;

/** What one turn says: text, content parts (`image()`, `video()`, … results) or a whole message. */
export type TurnInput = string | ContentPart | ContentPart[] | Message;

/**
 * A conversation kept on the server: each `send` carries only the new message and the `session_id` the
 * server returned, which holds the history. Turns run one after the other, in call order, even when
 * `send` is called again before the previous turn finished (a streamed turn finishes when its stream ends).
 */
export class ChatSession {
  #id: string | undefined;
  readonly #completions: ChatCompletions;
  readonly #defaults: SessionParams;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(completions: ChatCompletions, options: SessionOptions = {}) {
    this.#completions = completions;
    this.#id = options.id;
    this.#defaults = options.defaults ?? {};
  }

  /** The session's id: given, or returned by the server on the first turn. */
  get id(): string | undefined {
    return this.#id;
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
    let finished!: () => void;
    const turnDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const previous = this.#queue;
    this.#queue = turnDone;
    return previous.then(() => this.#turn(input, params, options, finished));
  }

  async #turn(
    input: TurnInput,
    params: SessionParams | StreamingSessionParams,
    options: RequestOptions | undefined,
    finished: () => void,
  ): Promise<ChatCompletion | ChatCompletionStream> {
    const body = {
      ...this.#defaults,
      ...params,
      messages: [toMessage(input)],
      ...(this.#id !== undefined && { session_id: this.#id }),
    };
    try {
      if (!("stream" in params && params.stream)) {
        const completion = await this.#completions.create(
          body as ChatCompletionCreateParamsNonStreaming,
          options,
        );
        this.#id = completion.session_id || this.#id;
        finished();
        return completion;
      }
      const stream = await this.#completions.create(body as ChatCompletionCreateParamsStreaming, options);
      return this.#watch(stream, finished);
    } catch (error) {
      finished();
      throw error;
    }
  }

  /** The same stream, noting the session id from the first chunk and finishing the turn at its end. */
  #watch(stream: ChatCompletionStream, finished: () => void): ChatCompletionStream {
    return new ChatCompletionStream(
      (sink) => {
        const iterator = stream[Symbol.asyncIterator]();
        const session = this;
        return (async function* (): AsyncGenerator<ChatCompletionChunk> {
          let ended = false;
          try {
            for (;;) {
              const { value, done } = await iterator.next();
              if (done) break;
              if (value.session_id) session.#id = value.session_id;
              sink.chunk(value);
              yield value;
            }
            ended = true;
            sink.end();
          } catch (error) {
            ended = true;
            sink.end(error);
            throw error;
          } finally {
            if (!ended) {
              await iterator.return?.();
              sink.end(new APIUserAbortError("The stream was left before its end"));
            }
            finished();
          }
        })();
      },
      (reason) => {
        stream.abort(reason);
        finished();
      },
      () => stream.response,
    );
  }
}

function toMessage(input: TurnInput): Message {
  if (typeof input === "string") return { role: "user", content: input };
  if (Array.isArray(input)) return { role: "user", content: input };
  if ("role" in input) return input;
  return { role: "user", content: [input] };
}
