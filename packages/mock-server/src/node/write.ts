import type { IncomingMessage, ServerResponse } from "node:http";
import { type MockAnswer, StreamCut, type WholeResponse } from "../core/message";

/** How writing an answer ended, when not as planned: a note for the request log. */
export type WriteNote = "client went away during the stream" | "stream cut" | undefined;

/**
 * Writes the core's answer on a `node:http` response. A body of bytes goes out in one write; an
 * iterable goes piece by piece, headers first, honouring backpressure and stopping as soon as the
 * client leaves. A `StreamCut` ends the socket after what was written (the client gets an early EOF);
 * a `reset` answer resets it (RST) before any byte.
 */
export async function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: MockAnswer,
): Promise<WriteNote> {
  if ("noAnswer" in answer) {
    if (answer.noAnswer === "reset") req.socket.resetAndDestroy();
    return undefined;
  }
  if (answer.body instanceof Uint8Array) {
    writeResponse(res, { ...answer, body: answer.body });
    return undefined;
  }
  if (res.headersSent || res.destroyed) return undefined;
  res.writeHead(answer.status, answer.headers);
  res.flushHeaders();
  try {
    for await (const piece of answer.body) {
      if (res.destroyed) break;
      if (!res.write(piece)) await drained(res);
    }
  } catch (error) {
    if (!(error instanceof StreamCut)) throw error;
    cut(res);
    return "stream cut";
  }
  if (res.destroyed) return "client went away during the stream";
  res.end();
  return undefined;
}

/** Writes an answer whose body is whole. */
export function writeResponse(res: ServerResponse, answer: WholeResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/** Ends the socket mid-body, after what was written: the client gets its chunks, then an early EOF. */
function cut(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  socket.end();
  const timer = setTimeout(() => socket.destroy(), 1_000);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
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
