import type { MockAnswer, MockRequest, WholeResponse } from "../core/message";
import { pause } from "../core/wait";
import { json } from "../http/respond";
import type { Operation } from "../http/routes";
import { STATUS_TEXT } from "../http/status-text";
import { randomHex24 } from "../ids";
import { type StreamFault, stalledBody } from "../streaming/event-stream";
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
 * or a stall after the headers. Returns the answer when the fault makes it, undefined otherwise.
 */
export async function applyFaultBeforeAnswer(
  request: MockRequest,
  fault: FaultSpec,
  stream: boolean,
): Promise<MockAnswer | undefined> {
  if (fault.delayMs !== undefined && fault.delayMs > 0) {
    await pause(fault.delayMs, request.signal);
    if (request.signal.aborted) return { noAnswer: "client-gone" };
  }
  if (fault.status !== undefined) return faultStatus(fault);
  // RST, not FIN: the client sees a connection reset before any byte of an answer.
  if (fault.reset) return { noAnswer: "reset" };
  if (fault.stallAfter === 0 && !stream) {
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: stalledBody(request.signal),
    };
  }
  return undefined;
}

/** The part of a fault that happens inside a stream, if any. */
export function streamFaultOf(fault: FaultSpec | undefined): StreamFault | undefined {
  if (fault?.resetAfter !== undefined) return { kind: "cut", after: fault.resetAfter };
  if (fault?.stallAfter !== undefined) return { kind: "stall", after: fault.stallAfter };
  if (fault?.errorAfter !== undefined) return { kind: "error", after: fault.errorAfter };
  return undefined;
}

function faultStatus(fault: FaultSpec): WholeResponse {
  const status = fault.status as number;
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
  if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
  if (fault.shouldRetry !== undefined) headers["x-should-retry"] = String(fault.shouldRetry);
  const reason =
    status === 429
      ? "Rate limit exceeded (injected by x-vlmchat-fault)"
      : `${STATUS_TEXT.get(status) ?? "Error"} (injected by x-vlmchat-fault)`;
  return json(status, errorBody(status, reason, fault.body ?? "fastapi"), headers);
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
