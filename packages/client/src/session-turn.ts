import type { ChatCompletion, ChatCompletionChunk, Message } from "@vlmchat/types";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "./chat-completions";
import { leftEarly } from "./errors";
import type { SessionParams, SessionState, StreamingSessionParams, TurnInput } from "./session";
import { ChatCompletionStream } from "./stream";
import type { RequestOptions } from "./transport";

/** One turn of a session: its answer, and when the turn is over (a streamed answer: when its stream ends). */
export async function runTurn(
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
  return new ChatCompletionStream(
    (sink) => {
      const iterator = stream[Symbol.asyncIterator]();
      return (async function* (): AsyncGenerator<ChatCompletionChunk> {
        let ended = false;
        try {
          for (;;) {
            const { value, done } = await iterator.next();
            if (done) break;
            state.id = value.session_id || state.id;
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
            sink.end(leftEarly());
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

function toMessage(input: TurnInput): Message {
  if (typeof input === "string" || Array.isArray(input)) return { role: "user", content: input };
  return "role" in input ? input : { role: "user", content: [input] };
}
