import type { ChatCompletionStream } from "@vlmchat/client";
import type { TourPrinter } from "./printer";

export interface StreamedTurn {
  readonly text: string;
  /** Chunks that carried text: more than one means the answer really arrived in pieces. */
  readonly textChunks: number;
  readonly sessionId: string;
  readonly seconds: number;
}

/** Prints a streamed answer as it arrives, word-wrapped under the assistant's label. */
export async function printStream(print: TourPrinter, stream: ChatCompletionStream): Promise<StreamedTurn> {
  const started = performance.now();
  const out = print.assistant();
  let text = "";
  let textChunks = 0;
  let sessionId = "";
  for await (const chunk of stream) {
    sessionId = chunk.session_id || sessionId;
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      text += delta;
      textChunks++;
      out.push(delta);
    }
  }
  out.end();
  return { text, textChunks, sessionId, seconds: (performance.now() - started) / 1000 };
}
