import type { ChatCompletion, ChatCompletionChunk } from "@vlmchat/types";

export const BASE_URL = "http://bench.invalid/v1/openai";
export const request = {
  model: "vlmrun-orion-1:auto" as const,
  messages: [{ role: "user" as const, content: "Describe the image in one paragraph." }],
};

const words = ["The", " image", " shows", " a", " red", " pixel", " next", " to", " a", " blue", " one", "."];

/** One realistic chunk of a streamed answer (~250 bytes of JSON). */
function chunk(index: number): ChatCompletionChunk {
  return {
    id: "chatcmpl-7f3c2a9e1b4d5c6a7b8c9d0e",
    object: "chat.completion.chunk",
    created: 1767225600,
    model: "vlmrun-orion-1:auto",
    choices: [{ index: 0, delta: { content: words[index % words.length] as string }, finish_reason: null }],
    session_id: "3f6c1e0a-8b2d-4c5e-9f7a-1d2e3f4a5b6c",
  };
}

/** A recorded-style SSE stream of `count` chunks, its bytes, and each event's data pre-split (for the floor). */
export function sseStream(count: number): { bytes: Uint8Array; events: string[] } {
  const events: string[] = [];
  for (let i = 0; i < count; i++) events.push(JSON.stringify(chunk(i)));
  const text = `${events.map((data) => `data: ${data}\n\n`).join("")}data: [DONE]\n\n`;
  return { bytes: new TextEncoder().encode(text), events };
}

/** A `Response` whose body hands out `bytes` in reads of `readSize` bytes. */
export function streamedResponse(bytes: Uint8Array, readSize: number): Response {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + readSize));
      at += readSize;
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

export const completion: ChatCompletion = {
  id: "chatcmpl-7f3c2a9e1b4d",
  object: "chat.completion",
  created: 1767225600,
  model: "vlmrun-orion-1:auto",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "The image shows a red pixel next to a blue pixel." },
      finish_reason: "stop",
    },
  ],
  usage: { prompt_tokens: 412, completion_tokens: 14, total_tokens: 426, credits_used: 0.5 },
  session_id: "3f6c1e0a-8b2d-4c5e-9f7a-1d2e3f4a5b6c",
};
