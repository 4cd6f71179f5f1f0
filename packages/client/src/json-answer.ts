import type { ChatCompletion, ChatCompletionChunk } from "@vlmchat/types";
import { APIError, describeBody } from "./errors";

/**
 * A JSON completion answering a stream request (a server may do that after a 303 and polling) as the
 * single chunk a stream would have carried. Loaded only when that happens.
 */
export function completionAsChunk(text: string, response: Response): ChatCompletionChunk {
  let completion: ChatCompletion;
  try {
    completion = JSON.parse(text) as ChatCompletion;
  } catch {
    throw new APIError(
      response.status,
      text,
      `The answer to a stream request is neither an event stream nor JSON: ${describeBody(text)}`,
      response.headers,
    );
  }
  const chunk: ChatCompletionChunk = {
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    choices: completion.choices.map((choice) => ({
      index: choice.index,
      delta: {
        role: "assistant",
        content: choice.message.content,
        ...(choice.message.refusal != null && { refusal: choice.message.refusal }),
        ...(choice.message.tool_calls && {
          tool_calls: choice.message.tool_calls.map((call, index) => ({ index, ...call })),
        }),
      },
      finish_reason: choice.finish_reason,
      ...(choice.logprobs !== undefined && { logprobs: choice.logprobs }),
    })),
    session_id: completion.session_id,
  };
  if (completion.usage !== undefined) chunk.usage = completion.usage;
  return chunk;
}
