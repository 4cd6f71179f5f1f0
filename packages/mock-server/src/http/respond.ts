import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Sends a JSON body with its length, so keep-alive clients never wait for a chunked end. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

export function sendJsonText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent || res.destroyed) return;
  headers["content-type"] ??= "application/json";
  headers["content-length"] = Buffer.byteLength(text);
  res.writeHead(status, headers);
  res.end(text);
}

/** FastAPI's body for every error but validation: `{"detail": "<message>"}`. */
export function sendDetail(
  res: ServerResponse,
  status: number,
  detail: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { detail }, headers);
}
