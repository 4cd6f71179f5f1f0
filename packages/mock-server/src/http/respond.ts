import type { WholeResponse } from "../core/message";

const UTF8 = new TextEncoder();

/** A JSON answer with its length, so keep-alive clients never wait for a chunked end. */
export function jsonText(status: number, text: string, headers: Record<string, string> = {}): WholeResponse {
  const body = UTF8.encode(text);
  return {
    status,
    headers: { "content-type": "application/json", ...headers, "content-length": String(body.length) },
    body,
  };
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): WholeResponse {
  return jsonText(status, JSON.stringify(value), headers);
}

/** FastAPI's body for every error but validation: `{"detail": "<message>"}`. */
export function detail(status: number, message: string, headers: Record<string, string> = {}): WholeResponse {
  return json(status, { detail: message }, headers);
}

/** The 413 for a body over `limit` bytes. */
export function payloadTooLarge(limit: number, headers: Record<string, string> = {}): WholeResponse {
  return detail(413, tooLargeMessage(limit), headers);
}

/** The 413's message: the limit, and what to do instead. */
export function tooLargeMessage(
  limit: number,
  advice = "upload large files and send a URL instead of a data URL",
): string {
  return `Request body too large (limit ${formatBytes(limit)}); ${advice}.`;
}

/** A byte count as the error messages say it: `50 MB` when it is whole mebibytes. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`;
}

/** FastAPI's answer (400) to a body it cannot decode. */
export const BODY_PARSE_ERROR = "There was an error parsing the body";

/** The body as UTF-8 text; undefined when it is not valid UTF-8 (FastAPI answers those with a 400). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
