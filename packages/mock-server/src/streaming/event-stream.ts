import { StreamCut } from "../core/message";
import { pause, untilAborted } from "../core/wait";

/** A fault that strikes a stream after `after` chunks (or before `[DONE]` when the stream is shorter). */
export interface StreamFault {
  kind: "cut" | "stall" | "error";
  after: number;
}

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

const DONE = "data: [DONE]\n\n";

export const STREAM_FAULT_ERROR = {
  error: {
    message: "The stream failed (injected by x-vlmchat-fault: error-after).",
    type: "server_error",
    code: "internal_error",
  },
};

const UTF8 = new TextEncoder();

/**
 * The body of an event stream: `data:` events then `data: [DONE]`. Without latency or fault it is one
 * piece of bytes; otherwise the events come one by one, `latencyMs` apart, and the fault strikes after
 * its count: an error event, a cut (`StreamCut` thrown), or a stall that lasts until `signal` aborts.
 */
export function eventStreamBody(
  events: readonly string[],
  options: { latencyMs: number; fault?: StreamFault | undefined; signal: AbortSignal },
): Uint8Array | AsyncIterable<Uint8Array> {
  if (options.latencyMs === 0 && options.fault === undefined) {
    let body = "";
    for (const event of events) body += `data: ${event}\n\n`;
    return UTF8.encode(body + DONE);
  }
  return paced(events, options.latencyMs, options.fault, options.signal);
}

async function* paced(
  events: readonly string[],
  latencyMs: number,
  fault: StreamFault | undefined,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const strikeAt = fault === undefined ? -1 : Math.min(fault.after, events.length);
  for (let i = 0; i <= events.length; i++) {
    if (i === strikeAt && fault) {
      if (fault.kind === "error") {
        yield UTF8.encode(`data: ${JSON.stringify(STREAM_FAULT_ERROR)}\n\n`);
        return;
      }
      if (fault.kind === "cut") throw new StreamCut();
      await untilAborted(signal);
      return;
    }
    if (i === events.length) break;
    if (latencyMs > 0) await pause(latencyMs, signal);
    if (signal.aborted) return;
    yield UTF8.encode(`data: ${events[i]}\n\n`);
  }
  yield UTF8.encode(DONE);
}

/** A body that sends nothing until `signal` aborts (the `stall-after=0` fault on a JSON answer). */
export function stalledBody(signal: AbortSignal): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      await untilAborted(signal);
      yield* [];
    },
  };
}
