import type { WholeResponse } from "../core/message";
import { jsonText } from "./respond";

interface DetailItem {
  loc?: readonly (string | number)[];
  msg?: string;
  type?: string;
  input?: unknown;
  ctx?: unknown;
}

/**
 * A 422 `{detail}`. A detail echoes the offending `input`, which can be nested too deep for
 * JSON.stringify (a 100,000-level array is valid JSON); the spec makes `input` optional, so such a
 * detail is sent without its inputs rather than failing as a 500.
 */
export function validationError(detail: readonly DetailItem[]): WholeResponse {
  let text: string;
  try {
    text = JSON.stringify({ detail });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    text = JSON.stringify({ detail: detail.map(({ input: _input, ...item }) => item) });
  }
  return jsonText(422, text);
}
