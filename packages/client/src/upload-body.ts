/** The request body of one upload attempt, pulled a chunk at a time, counted as it goes. */
import { MediaInputError } from "./errors";
import type { RequestLifetime } from "./lifetime";

/** The most bytes handed to fetch at once. */
const PIECE_SIZE = 256 * 1024;

/** How far an upload is: bytes of the file sent so far, of `total`. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** What goes around the file's bytes (a multipart part's header and the closing boundary). */
export interface Frame {
  prefix: Uint8Array;
  suffix: Uint8Array;
}

/**
 * `prefix`, the file's bytes, `suffix`, handed to fetch one chunk at a time as the connection takes
 * them: each chunk restarts the idle timeout and reports progress. Bytes that end before, or run past,
 * the declared size fail the body with a `MediaInputError`; `failure()` gives it back, since fetch
 * wraps whatever a body throws in its own error.
 */
export function uploadBody(
  bytes: ReadableStream<Uint8Array>,
  size: number,
  lifetime: RequestLifetime,
  onProgress: ((progress: UploadProgress) => void) | undefined,
  frame?: Frame,
): { body: ReadableStream<Uint8Array>; failure: () => MediaInputError | undefined } {
  const reader = bytes.getReader();
  // A fetch that ignores its signal would leave the body waiting: cancelling the reader ends it.
  lifetime.onAbort(() => reader.cancel().catch(() => {}));
  let received = 0;
  let sent = 0;
  // A Blob made from bytes reads as one chunk: it goes out in pieces, so progress moves as it goes.
  let rest: Uint8Array = new Uint8Array(0);
  let failure: MediaInputError | undefined;
  const fail = (why: string, cause?: unknown) => {
    failure = new MediaInputError(`files.upload(): ${why}`, cause === undefined ? undefined : { cause });
    reader.cancel().catch(() => {});
    throw failure;
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (frame) controller.enqueue(frame.prefix);
      },
      async pull(controller) {
        if (rest.byteLength === 0) {
          const { value, done } = await reader.read().catch((error: unknown) => {
            if (lifetime.reason) throw lifetime.reason;
            return fail(`cannot read the bytes: ${(error as Error).message}`, error);
          });
          lifetime.touch();
          if (done) {
            if (received !== size) fail(`the stream ended after ${received} of its ${size} bytes (its size)`);
            if (frame) controller.enqueue(frame.suffix);
            controller.close();
            return;
          }
          received += value.byteLength;
          if (received > size) fail(`the stream has more bytes than its size (${size})`);
          rest = value;
        }
        const piece = rest.subarray(0, PIECE_SIZE);
        rest = rest.subarray(PIECE_SIZE);
        sent += piece.byteLength;
        controller.enqueue(piece);
        onProgress?.({ loaded: sent, total: size });
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { body, failure: () => failure };
}

/**
 * The multipart/form-data framing of one part named `file` (RFC 7578), written here so the file's
 * bytes can stream between the two halves with an exact `Content-Length`. The filename is escaped as
 * the WHATWG FormData encoder does (`"`, CR and LF percent-encoded).
 */
export function multipartFrame(name: string, type: string, boundary: string): Frame {
  const filename = name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const encoder = new TextEncoder();
  return {
    prefix: encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type || "application/octet-stream"}\r\n\r\n`,
    ),
    suffix: encoder.encode(`\r\n--${boundary}--\r\n`),
  };
}
