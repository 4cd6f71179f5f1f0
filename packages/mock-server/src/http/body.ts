import type { IncomingMessage, ServerResponse } from "node:http";
import { sendDetail } from "./respond";

export type BodyFailure =
  /** The body is larger than the limit; what was read so far has been dropped. */
  | { kind: "too-large" }
  /** The client went away before the body ended: there is nobody to answer. */
  | { kind: "aborted" };

export type BodyResult = { kind: "ok"; text: string } | BodyFailure;
export type BodyBytesResult = { kind: "ok"; bytes: Buffer } | BodyFailure;

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive: a body over `limit` is refused as
 * soon as the count passes it (or at once, when `content-length` says so), never buffered whole.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const body = await readBodyBytes(req, limit);
  return body.kind === "ok" ? { kind: "ok", text: body.bytes.toString("utf8") } : body;
}

/** The same, as bytes (the proxy relays them untouched). */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<BodyBytesResult> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.resolve({ kind: "too-large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyBytesResult) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const only = chunks.length === 1 ? chunks[0] : undefined;
      settle({ kind: "ok", bytes: only ?? Buffer.concat(chunks, size) });
    };
    const onClose = () => settle({ kind: "aborted" });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
    // A socket error also closes the request; the error itself needs no handling beyond that.
    req.on("error", () => {});
  });
}

/** How long the server keeps reading (and dropping) an oversized upload after its 413, so the client reads the answer. */
const LINGER_MS = 2_000;

/**
 * Answers 413 and closes the connection. The rest of the body is read and dropped for a moment first:
 * closing a socket with unread input resets it, and a reset can destroy the 413 before the client reads it.
 */
export function sendPayloadTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const socket = req.socket;
  const mb = limit / (1024 * 1024);
  const size = Number.isInteger(mb) ? `${mb} MB` : `${limit} bytes`;
  res.shouldKeepAlive = false;
  sendDetail(
    res,
    413,
    `Request body too large (limit ${size}); upload large files and send a URL instead of a data URL.`,
    { connection: "close" },
  );
  req.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
