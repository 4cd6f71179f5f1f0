import { abortReason } from "./lifetime";

/** Newline-delimited JSON: one value per line, as `stream.toReadableStream()` writes and `fromReadableStream()` reads. */

/** The values of `iterator` as NDJSON bytes; cancelling the byte stream returns the iterator. */
export function toNDJSON<T>(iterator: AsyncIterator<T>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * The values of NDJSON bytes, one per non-blank line. Leaving early cancels the byte stream; so does an
 * abort of `signal`, which then ends the reading with `APIUserAbortError`.
 */
export async function* fromNDJSON<T>(
  readable: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<T> {
  const reader = readable.getReader();
  const cancel = () => reader.cancel().catch(() => {});
  signal.addEventListener("abort", cancel);
  const decoder = new TextDecoder();
  let rest = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      rest += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = rest.split("\n");
      rest = done ? "" : (lines.pop() as string);
      for (const line of lines) {
        if (signal.aborted) throw abortReason(signal);
        if (line.trim()) yield JSON.parse(line) as T;
      }
      if (signal.aborted) throw abortReason(signal);
      if (done) return;
    }
  } finally {
    signal.removeEventListener("abort", cancel);
    await cancel();
  }
}
