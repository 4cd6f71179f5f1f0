import { base64Length, decodeBase64 } from "./bytes";

/** A decoded `data:` URL. */
export interface DataUrl {
  /** The declared media type, lower-cased, without parameters (`text/plain` when none is declared). */
  mimeType: string;
  /** How many bytes the URL carries. */
  byteLength: number;
  /** Its first bytes (all of them up to `headBytes`): enough to tell a format and read an image's size. */
  head: Uint8Array;
}

/** Bytes decoded for inspection: a JPEG's frame header can sit behind large EXIF, XMP or ICC segments. */
export const DEFAULT_HEAD_BYTES = 1024 * 1024;

export type DataUrlResult = { ok: true; value: DataUrl } | { ok: false; problem: string };

const BASE64 = /^[A-Za-z0-9+/\-_\s]*={0,2}\s*$/;

/**
 * Decodes `data:[<mediatype>][;params][;base64],<data>` (RFC 2397), base64 or percent-encoded. Only the
 * first `headBytes` are decoded: a 50 MB image costs no 50 MB buffer to describe.
 */
export function decodeDataUrl(url: string, headBytes = DEFAULT_HEAD_BYTES): DataUrlResult {
  if (!/^data:/i.test(url)) return { ok: false, problem: "not a data URL" };
  const comma = url.indexOf(",");
  if (comma < 0) return { ok: false, problem: "malformed data URL (no comma before the data)" };
  const params = url.slice(5, comma).split(";");
  const isBase64 = params.length > 1 && params[params.length - 1]?.trim().toLowerCase() === "base64";
  const declared = params[0]?.trim().toLowerCase() ?? "";
  const mimeType = declared.includes("/") ? declared : "text/plain";
  const data = url.slice(comma + 1);
  if (isBase64) {
    if (!BASE64.test(data)) return { ok: false, problem: "data URL with invalid base64" };
    const byteLength = base64Length(data);
    const head = decodeBase64(
      data.length > (headBytes / 3) * 4 ? data.slice(0, Math.ceil(headBytes / 3) * 4) : data,
    );
    return { ok: true, value: { mimeType, byteLength, head: head.subarray(0, headBytes) } };
  }
  const bytes = percentDecode(data);
  if (bytes === undefined) return { ok: false, problem: "data URL with invalid percent-encoding" };
  return { ok: true, value: { mimeType, byteLength: bytes.length, head: bytes.subarray(0, headBytes) } };
}

/** The byte count base64 text decodes to, without decoding it. */
export function base64ByteLength(text: string): number | undefined {
  if (!BASE64.test(text)) return undefined;
  return base64Length(text);
}

function percentDecode(text: string): Uint8Array | undefined {
  const out: number[] = [];
  const raw = new TextEncoder().encode(text);
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (byte !== 0x25) {
      out.push(byte);
      continue;
    }
    const hex = String.fromCharCode(...raw.subarray(i + 1, i + 3));
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
    out.push(Number.parseInt(hex, 16));
    i += 2;
  }
  return Uint8Array.from(out);
}
