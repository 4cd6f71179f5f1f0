import type { IncomingMessage, ServerResponse } from "node:http";
import { detail, tooLargeMessage } from "../http/respond";
import { writeResponse } from "./write";

export type BodyFailure =
  /** The body is larger than the limit; what was read so far has been dropped. */
  | { kind: "too-large" }
  /** The client went away before the body ended: there is nobody to answer. */
  | { kind: "aborted" };

export type BodyBytesResult = { kind: "ok"; bytes: Buffer } | BodyFailure;

/**
 * Reads a request body. Bytes are counted as they arrive: a body over `limit` is refused as soon as the
 * count passes it (or at once, when `content-length` says so), never buffered whole.
 */
export async function readBodyBytes(req: IncomingMessage, limit: number): Promise<BodyBytesResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  const outcome = await readChunks(req, limit, (chunk) => {
    chunks.push(chunk);
    size += chunk.length;
  });
  if (outcome !== "ok") return { kind: outcome };
  const only = chunks.length === 1 ? chunks[0] : undefined;
  return { kind: "ok", bytes: only ?? Buffer.concat(chunks, size) };
}

/** Hands each piece of the body to `take` while the count stays within `limit`. */
function readChunks(
  req: IncomingMessage,
  limit: number,
  take: (chunk: Buffer) => void,
): Promise<"ok" | BodyFailure["kind"]> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve("too-large");
  return new Promise((resolve) => {
    let size = 0;
    let settled = false;
    const settle = (result: "ok" | BodyFailure["kind"]) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return settle("too-large");
      take(chunk);
    };
    const onEnd = () => settle("ok");
    const onClose = () => settle("aborted");
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
    // A socket error also closes the request; the error itself needs no handling beyond that.
    req.on("error", () => {});
  });
}

/**
 * After a 413, how long the server waits for more of the upload, and how much more it drops at most.
 * The wait is generous because a timer due during a stalled event loop fires before the data that
 * arrived meanwhile is read: a short wait would cut healthy uploads on a busy machine.
 */
const LINGER_IDLE_MS = 10_000;
const LINGER_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Answers 413 at once, then reads and drops the rest of the body. Closing a socket that still has
 * unread input resets it, and a client still uploading would then see EPIPE or ECONNRESET instead of
 * the 413; dropping the rest lets every client read the answer, and keeps the connection usable once
 * the body ends. An upload that pauses for 10 s, or goes on for 64 MiB more, gets its socket destroyed;
 * a shorter pause is not cut by the keep-alive timeout.
 */
export function sendPayloadTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  advice?: string,
): void {
  sendRefusal(req, res, 413, tooLargeMessage(limit, advice));
}

/**
 * Refuses a request whose body is still arriving (the way {@link sendPayloadTooLarge} describes): the
 * answer goes at once, and the rest of the body is read and dropped.
 */
export function sendRefusal(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
): void {
  if (/100-continue/i.test(req.headers.expect ?? "")) {
    // The client waits for a 100 Continue that never came: no body follows, the connection can close.
    res.shouldKeepAlive = false;
    writeResponse(res, detail(status, message, { connection: "close" }));
    return;
  }
  writeResponse(res, detail(status, message));
  if (req.complete) return;
  const socket = req.socket;
  let dropped = 0;
  let timer = setTimeout(() => socket.destroy(), LINGER_IDLE_MS);
  const onData = (chunk: Buffer) => {
    dropped += chunk.length;
    clearTimeout(timer);
    if (dropped > LINGER_MAX_BYTES) return socket.destroy();
    timer = setTimeout(() => socket.destroy(), LINGER_IDLE_MS);
  };
  const stop = () => {
    clearTimeout(timer);
    req.off("data", onData);
  };
  req.on("data", onData);
  req.once("end", stop);
  socket.once("close", stop);
  // Node arms the keep-alive timeout (5 s) once the 413 is sent, and destroys the socket when it fires
  // with the body still arriving, unless the request has a timeout listener: the linger timer bounds it.
  req.on("timeout", () => {});
}
