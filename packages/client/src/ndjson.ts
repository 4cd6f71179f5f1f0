import type { ChatCompletionChunk } from "@vlmchat/types";
import { leftEarly } from "./errors";
import { ChatCompletionStream, type ChunkSource } from "./stream";

const noop = () => {};
const encoder = new TextEncoder();

/** One `pull` of `toReadableStream()`: the next chunk as a line of JSON, or the end. */
export async function pullLine(
  iterator: AsyncIterator<ChatCompletionChunk>,
  controller: ReadableStreamDefaultController<Uint8Array>,
): Promise<void> {
  try {
    const { value, done } = await iterator.next();
    if (done) controller.close();
    else controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
  } catch (error) {
    controller.error(error);
  }
}

/**
 * A `ChatCompletionStream` over the newline-delimited JSON that `stream.toReadableStream()` writes: the
 * other end of a relay (e.g. a browser reading a server route's `Response`).
 */
export function fromReadableStream(readable: ReadableStream<Uint8Array>): ChatCompletionStream {
  const reader = readable.getReader();
  const source: ChunkSource = (sink) =>
    (async function* () {
      const decoder = new TextDecoder();
      let rest = "";
      let finished = false;
      try {
        for (;;) {
          const { value, done } = await reader.read();
          rest += done ? decoder.decode() : decoder.decode(value, { stream: true });
          const lines = rest.split("\n");
          rest = done ? "" : (lines.pop() as string);
          for (const line of lines) {
            if (!line.trim()) continue;
            const chunk = JSON.parse(line) as ChatCompletionChunk;
            sink.chunk(chunk);
            yield chunk;
          }
          if (done) break;
        }
        finished = true;
        sink.end();
      } catch (error) {
        finished = true;
        sink.end(error);
        throw error;
      } finally {
        if (!finished) {
          sink.end(leftEarly());
          await reader.cancel().catch(noop);
        }
      }
    })();
  return new ChatCompletionStream(source, (reason) => void reader.cancel(reason).catch(noop));
}
