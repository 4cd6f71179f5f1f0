/** Reading an answer's body as text, within a size limit. */

/**
 * The text of `body`, read up to `limit` bytes: `{ text, cut: false }` when it all fit, else the first
 * `limit` bytes' text with `cut: true` (the rest is never read: the body is cancelled). Bytes are
 * counted after content decoding, so a small gzip answer that expands past the limit is cut too.
 */
export async function readText(
  body: ReadableStream<Uint8Array> | null | undefined,
  limit: number,
): Promise<{ text: string; cut: boolean }> {
  if (!body) return { text: "", cut: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { text: text + decoder.decode(), cut: false };
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      const fits = value.subarray(0, value.byteLength - (size - limit));
      return { text: text + decoder.decode(fits), cut: true };
    }
    text += decoder.decode(value, { stream: true });
  }
}
