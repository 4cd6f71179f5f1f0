import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse, STATUS_CODES } from "node:http";
import { sendJson } from "../http/respond";
import type { Operation } from "../http/routes";
import { randomHex24 } from "../ids";
import { pause, type StreamFault } from "../streaming/sse-writer";
import type { ErrorBodyShape, FaultSpec } from "./parse";

/** Why a well-formed fault cannot apply to this request, as a 400 detail; undefined when it can. */
export function faultProblem(fault: FaultSpec, operation: Operation, stream: boolean): string | undefined {
  const streamed = operation === "createChatCompletion" && stream;
  const streamOnly: [string, number | undefined][] = [
    ["reset-after", fault.resetAfter],
    ["error-after", fault.errorAfter],
    ["stall-after", fault.stallAfter === 0 ? undefined : fault.stallAfter],
  ];
  for (const [name, value] of streamOnly) {
    if (value !== undefined && !streamed) {
      return `Invalid x-vlmchat-fault header: ${name}=${value} only applies to a streamed chat completion (stream: true).`;
    }
  }
  if (fault.redirectPolls !== undefined && (operation !== "createChatCompletion" || stream)) {
    return "Invalid x-vlmchat-fault header: redirect only applies to a non-streamed chat completion.";
  }
  return undefined;
}

/**
 * Plays the part of a fault that happens before any answer: the delay, then an error status, a reset
 * or a stall after the headers. Returns true when the fault has answered (or ended) the exchange.
 */
export async function applyFaultBeforeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  fault: FaultSpec,
  stream: boolean,
): Promise<boolean> {
  if (fault.delayMs !== undefined && fault.delayMs > 0) {
    await pause(res, fault.delayMs);
    if (res.destroyed) return true;
  }
  if (fault.status !== undefined) {
    sendFaultStatus(res, fault);
    return true;
  }
  if (fault.reset) {
    // RST, not FIN: the client sees ECONNRESET before any byte of an answer.
    req.socket.resetAndDestroy();
    return true;
  }
  if (fault.stallAfter === 0 && !stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.flushHeaders();
    await new Promise<void>((resolve) => res.once("close", () => resolve()));
    return true;
  }
  return false;
}

/** The part of a fault that happens inside a stream, if any. */
export function streamFaultOf(fault: FaultSpec | undefined): StreamFault | undefined {
  if (fault?.resetAfter !== undefined) return { kind: "cut", after: fault.resetAfter };
  if (fault?.stallAfter !== undefined) return { kind: "stall", after: fault.stallAfter };
  if (fault?.errorAfter !== undefined) return { kind: "error", after: fault.errorAfter };
  return undefined;
}

function sendFaultStatus(res: ServerResponse, fault: FaultSpec): void {
  const status = fault.status as number;
  const headers: OutgoingHttpHeaders = {};
  if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
  if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
  if (fault.shouldRetry !== undefined) headers["x-should-retry"] = String(fault.shouldRetry);
  const reason =
    status === 429
      ? "Rate limit exceeded (injected by x-vlmchat-fault)"
      : `${STATUS_CODES[status] ?? "Error"} (injected by x-vlmchat-fault)`;
  sendJson(res, status, errorBody(status, reason, fault.body ?? "fastapi"), headers);
}

/** The fault's error body in the shape asked for (see `ErrorBodyShape`). */
function errorBody(status: number, message: string, shape: ErrorBodyShape): unknown {
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  switch (shape) {
    case "error":
      return { error: { message, type, id: `req_${randomHex24()}` } };
    case "detail-string":
      return { detail: message };
    case "detail-object":
      return { detail: { message, type } };
    case "fastapi":
      // The spec's 422 body is a list of problems; every other error status carries a sentence.
      return status === 422
        ? { detail: [{ loc: ["body"], msg: message, type: "value_error" }] }
        : { detail: message };
  }
}
