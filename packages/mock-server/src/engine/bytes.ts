/** Reading bytes with web-standard types only (`Uint8Array`, `DataView`, `atob`), so the engine runs in a browser. */

/** The bytes `start` to `end` as Latin-1 text (one character per byte), for comparing magic numbers. */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function uint16BE(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint16(offset, false);
}

export function uint16LE(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint16(offset, true);
}

export function uint32BE(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint32(offset, false);
}

export function uint32LE(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint32(offset, true);
}

/** A 24-bit little-endian unsigned integer. */
export function uint24LE(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] as number) | ((bytes[offset + 1] as number) << 8) | ((bytes[offset + 2] as number) << 16)
  );
}

/**
 * Decodes base64 (standard or URL-safe alphabet, whitespace and padding ignored), as leniently as
 * Node's `Buffer.from(text, "base64")`: a trailing lone character is dropped. The caller checks the
 * alphabet first.
 */
export function decodeBase64(text: string): Uint8Array {
  let clean = text.replace(/[\s=]/g, "").replace(/-/g, "+").replace(/_/g, "/");
  if (clean.length % 4 === 1) clean = clean.slice(0, -1);
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The byte count base64 text decodes to, counted as Node's `Buffer.byteLength(text, "base64")` counts it. */
export function base64Length(text: string): number {
  let length = text.length;
  if (text.charCodeAt(length - 1) === 0x3d) length--;
  if (length > 1 && text.charCodeAt(length - 1) === 0x3d) length--;
  return (length * 3) >>> 2;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX[byte];
  return out;
}
