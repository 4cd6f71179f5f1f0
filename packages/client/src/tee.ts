import type { ChatCompletionChunk } from "@vlmchat/types";
import { leftEarly } from "./errors";
import type { StreamSink, TeeState } from "./stream";

const noop = () => {};

/** One branch of a tee: its own queue of the source's results, the source pulled by whichever branch is ahead. */
export async function* teeBranch(
  shared: TeeState,
  own: 0 | 1,
  sink: StreamSink,
): AsyncGenerator<ChatCompletionChunk> {
  let state: "open" | "done" | "failed" = "open";
  try {
    for (;;) {
      let next = shared.queues[own]?.shift();
      if (!next) {
        next = shared.source.next();
        const other = shared.queues[1 - own];
        if (other) {
          // Stored for the other branch, which may never read it: mark it handled now.
          next.catch(noop);
          other.push(next);
        }
      }
      const result = await next;
      if (result.done) break;
      sink.chunk(result.value);
      yield result.value;
    }
    state = "done";
    sink.end();
  } catch (error) {
    state = "failed";
    sink.end(error);
    throw error;
  } finally {
    if (state === "open") {
      sink.end(leftEarly());
      shared.queues[own] = undefined;
      if (--shared.open === 0) void shared.source.return?.().catch(noop);
    }
  }
}
