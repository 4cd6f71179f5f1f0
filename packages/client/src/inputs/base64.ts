import { MediaInputError } from "../errors";

type BufferLike = {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string };
};

/** Base64 of `bytes`: Node's and Bun's Buffer when present (fast), else btoa over 24 KiB slices. */
export function toBase64(bytes: Uint8Array): string {
  const buffer = (globalThis as { Buffer?: BufferLike }).Buffer;
  if (buffer) return buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  const parts: string[] = [];
  // A multiple of 3, so each slice encodes without padding in the middle.
  const slice = 3 * 8192;
  for (let at = 0; at < bytes.length; at += slice) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(at, at + slice))));
  }
  return parts.join("");
}

/** The bytes of a base64 text, or of its start (cut to whole 4-character groups). */
export function fromBase64(helper: string, text: string): Uint8Array {
  const whole = text.replace(/\s+/g, "");
  const usable = whole.slice(0, whole.length - (whole.length % 4));
  try {
    const binary = atob(usable);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    throw new MediaInputError(`${helper}: the data URL's base64 is not valid`);
  }
}
