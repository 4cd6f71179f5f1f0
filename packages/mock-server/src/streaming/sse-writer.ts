import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** A fault that strikes a stream after `after` chunks (or before `[DONE]` when the stream is shorter). */
export interface StreamFault {
  kind: "cut" | "stall" | "error";
  after: number;
}

/** How a stream ended: all of it sent, the client gone, or the fault it was asked for. */
export type StreamOutcome = "done" | "client-closed" | "cut" | "stalled" | "error-event";

export const SSE_HEADERS: OutgoingHttpHeaders = {
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

/**
 * Sends `data:` events then `data: [DONE]`. Without latency or fault the whole stream goes out in one
 * write; otherwise event by event, waiting `latencyMs` before each, honouring backpressure, and stopping
 * quietly as soon as the client goes away.
 */
export async function sendEventStream(
  res: ServerResponse,
  events: readonly string[],
  options: { latencyMs: number; fault?: StreamFault | undefined; headers?: OutgoingHttpHeaders },
): Promise<StreamOutcome> {
  const { latencyMs, fault } = options;
  res.writeHead(200, { ...SSE_HEADERS, ...options.headers });
  if (latencyMs === 0 && fault === undefined) {
    let body = "";
    for (const event of events) body += `data: ${event}\n\n`;
    res.end(body + DONE);
    return "done";
  }
  res.flushHeaders();
  const strikeAt = fault === undefined ? -1 : Math.min(fault.after, events.length);
  for (let i = 0; i <= events.length; i++) {
    if (i === strikeAt && fault) return strike(res, fault.kind);
    if (i === events.length) break;
    if (latencyMs > 0) await pause(res, latencyMs);
    if (res.destroyed) return "client-closed";
    if (!res.write(`data: ${events[i]}\n\n`)) await drained(res);
    if (res.destroyed) return "client-closed";
  }
  res.end(DONE);
  return "done";
}

async function strike(res: ServerResponse, kind: StreamFault["kind"]): Promise<StreamOutcome> {
  if (kind === "error") {
    res.end(`data: ${JSON.stringify(STREAM_FAULT_ERROR)}\n\n`);
    return "error-event";
  }
  if (kind === "cut") {
    // End the socket mid-body, after what was written: the client gets its chunks, then an early EOF.
    const socket = res.socket;
    if (socket && !socket.destroyed) {
      socket.end();
      const timer = setTimeout(() => socket.destroy(), 1_000);
      timer.unref();
      socket.once("close", () => clearTimeout(timer));
    }
    return "cut";
  }
  // A stall keeps the socket open and sends nothing more, until the client (or close()) ends it.
  if (!res.destroyed) await new Promise<void>((resolve) => res.once("close", () => resolve()));
  return "stalled";
}

/** Resolves after `ms`, or at once when the response closes. */
export function pause(res: ServerResponse, ms: number): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once("close", done);
  });
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
