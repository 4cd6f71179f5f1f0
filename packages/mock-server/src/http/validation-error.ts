import type { ServerResponse } from "node:http";
import { sendJsonText } from "./respond";

interface DetailItem {
  loc?: readonly (string | number)[];
  msg?: string;
  type?: string;
  input?: unknown;
  ctx?: unknown;
}

/**
 * Sends a 422 `{detail}`. A detail echoes the offending `input`, which can be nested too deep for
 * JSON.stringify (a 100,000-level array is valid JSON); the spec makes `input` optional, so such a
 * detail is sent without its inputs rather than failing as a 500.
 */
export function sendValidationError(res: ServerResponse, detail: readonly DetailItem[]): void {
  let text: string;
  try {
    text = JSON.stringify({ detail });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    text = JSON.stringify({ detail: detail.map(({ input: _input, ...item }) => item) });
  }
  sendJsonText(res, 422, text);
}
