import { connect } from "node:net";
import { expect } from "vitest";
import { specViolations, sseData } from "./spec-check";

/** What a raw socket saw: the bytes, the parsed head, the body decoded so far, and how it ended. */
export interface RawResult {
  status: number | undefined;
  headers: Record<string, string>;
  /** The body, with chunked framing removed. */
  body: string;
  /** For an event stream: the `data` of every complete event. */
  events: string[];
  /** The response framing finished (content-length reached, or the last chunk seen). */
  complete: boolean;
  /** `complete`, `eof` (the server closed), `reset` (ECONNRESET) or `timeout` (the socket was still open). */
  ended: "complete" | "eof" | "reset" | "timeout";
  elapsedMs: number;
  raw: Buffer;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** An HTTP/1.1 request as bytes, with its content-length. */
export function requestBytes(request: RawRequest): string {
  const body = request.body ?? "";
  const headers = {
    host: "127.0.0.1",
    ...(request.body === undefined
      ? {}
      : { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }),
    ...request.headers,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${request.method} ${request.path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * Sends bytes on a fresh socket and watches what comes back, for at most `timeoutMs`: the way to see
 * resets, cuts and stalls that fetch would hide behind one error. A response that arrives whole is
 * checked against the spec like every other response of the suite.
 */
export function rawRequest(port: number, bytes: string | RawRequest, timeoutMs = 2_000): Promise<RawResult> {
  const payload = typeof bytes === "string" ? bytes : requestBytes(bytes);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let raw = Buffer.alloc(0);
    let settled = false;
    const finish = (ended: RawResult["ended"]) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parse(raw);
      const result: RawResult = {
        ...parsed,
        ended: parsed.complete ? "complete" : ended,
        elapsedMs: performance.now() - started,
        raw,
      };
      if (parsed.complete && parsed.status !== undefined) {
        const requestLine = payload.split("\r\n", 1)[0]?.split(" ") ?? [];
        const violations = specViolations({
          method: requestLine[0] ?? "GET",
          url: requestLine[1] ?? "/",
          requestBody: payload.split("\r\n\r\n").slice(1).join("\r\n\r\n"),
          status: parsed.status,
          headers: new Headers(parsed.headers),
          body: parsed.body,
        });
        expect(violations, `raw ${requestLine.join(" ")} → ${parsed.status} breaks the spec`).toEqual([]);
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.on("data", (chunk) => {
      raw = Buffer.concat([raw, chunk]);
      if (parse(raw).complete) finish("complete");
    });
    socket.on("end", () => finish("eof"));
    socket.on("close", () => finish("eof"));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      finish(error.code === "ECONNRESET" ? "reset" : "eof"),
    );
    socket.write(payload);
  });
}

function parse(raw: Buffer): Omit<RawResult, "ended" | "elapsedMs" | "raw"> {
  let text = raw.toString("utf8");
  // Interim answers (100 Continue) come before the real one.
  while (/^HTTP\/1\.1 1\d\d [^\r]*\r\n\r\n/.test(text)) text = text.slice(text.indexOf("\r\n\r\n") + 4);
  const headEnd = text.indexOf("\r\n\r\n");
  if (headEnd < 0) return { status: undefined, headers: {}, body: "", events: [], complete: false };
  const [statusLine = "", ...headerLines] = text.slice(0, headEnd).split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = text.slice(headEnd + 4);
  let body = rest;
  let complete = false;
  if (headers["transfer-encoding"] === "chunked") {
    ({ body, complete } = dechunk(rest));
  } else if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    complete = Buffer.byteLength(rest) >= length;
  } else if (status === 304 || status === 204) {
    complete = true;
  }
  const isStream = /^text\/event-stream/.test(headers["content-type"] ?? "");
  return { status, headers, body, events: isStream ? sseData(completeEventsOnly(body)) : [], complete };
}

function dechunk(text: string): { body: string; complete: boolean } {
  let at = 0;
  let body = "";
  const bytes = Buffer.from(text, "utf8");
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) return { body, complete: true };
    if (lineEnd + 2 + size > bytes.length) break;
    body += bytes.subarray(lineEnd + 2, lineEnd + 2 + size).toString("utf8");
    at = lineEnd + 2 + size + 2;
  }
  return { body, complete: false };
}

/** An event counts once its blank line arrived. */
function completeEventsOnly(body: string): string {
  const end = body.lastIndexOf("\n\n");
  return end < 0 ? "" : body.slice(0, end + 2);
}
