/**
 * JSON text → value, with the error Python's `json` module gives when the text is not JSON: FastAPI
 * answers such a body with `{"type": "json_invalid", "loc": ["body", <pos>], "ctx": {"error": <msg>}}`,
 * where `<msg>` and `<pos>` come from `json.JSONDecodeError`. `JSON.parse`'s own messages differ between
 * engines, so on failure the text is scanned again by the grammar below, which follows CPython's
 * `json.decoder`/`_json.c` (the messages of Python 3.8–3.12). Python also accepts `NaN` and `Infinity`;
 * JSON does not, and neither does this.
 */

import type { ValidationDetail } from "./detail";

export interface JsonSyntaxError {
  /** Python's message, e.g. "Expecting ',' delimiter". */
  readonly message: string;
  /** Where, counted as Python counts: in code points (an emoji is 1, not 2). */
  readonly position: number;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError };

/**
 * A request body's JSON text → value, or the 422 `detail` FastAPI gives: `missing` for an empty body,
 * `json_invalid` at Python's position otherwise. A leading BOM is not part of the JSON (FastAPI decodes
 * the bytes with a BOM-aware codec).
 */
export function parseJsonBody(
  jsonText: string,
): { ok: true; value: unknown } | { ok: false; detail: ValidationDetail } {
  if (jsonText === "") {
    return { ok: false, detail: [{ loc: ["body"], msg: "Field required", type: "missing", input: null }] };
  }
  const parsed = parseJsonText(jsonText.charCodeAt(0) === 0xfeff ? jsonText.slice(1) : jsonText);
  if (parsed.ok) return parsed;
  const { message, position } = parsed.error;
  return {
    ok: false,
    detail: [
      { loc: ["body", position], msg: "JSON decode error", type: "json_invalid", ctx: { error: message } },
    ],
  };
}

export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const found = findJsonSyntaxError(text) ?? { index: 0, message: "Expecting value" };
    return { ok: false, error: { message: found.message, position: codePointIndex(text, found.index) } };
  }
}

function codePointIndex(text: string, index: number): number {
  let pairs = 0;
  for (let i = 0; i < index - 1; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return index - pairs;
}

class Failure {
  constructor(
    readonly index: number,
    readonly message: string,
  ) {}
}

const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The first syntax error in `text` (index in UTF-16 units), or undefined when the text is JSON.
 * Iterative, so that deep nesting cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): { index: number; message: string } | undefined {
  const n = text.length;
  const at = (i: number) => (i < n ? text.charCodeAt(i) : -1);
  const skip = (i: number) => {
    let j = i;
    while (j < n && isWhitespace(text.charCodeAt(j))) j++;
    return j;
  };

  /** The index after the string whose opening quote is at `begin`. */
  const scanString = (begin: number): number => {
    let j = begin + 1;
    for (;;) {
      let c = -1;
      for (; j < n; j++) {
        c = text.charCodeAt(j);
        if (c === QUOTE || c === BACKSLASH) break;
        if (c <= 0x1f) throw new Failure(j, "Invalid control character at");
      }
      if (j >= n) throw new Failure(begin, "Unterminated string starting at");
      if (c === QUOTE) return j + 1;
      j++;
      if (j >= n) throw new Failure(begin, "Unterminated string starting at");
      const escaped = text[j] as string;
      if (escaped !== "u") {
        if (!'"\\/bfnrt'.includes(escaped)) throw new Failure(j - 1, "Invalid \\escape");
        j++;
        continue;
      }
      const end = j + 5;
      if (end >= n) throw new Failure(j, "Invalid \\uXXXX escape");
      for (let k = j + 1; k < end; k++)
        if (!isHex(text.charCodeAt(k))) throw new Failure(j, "Invalid \\uXXXX escape");
      const unit = Number.parseInt(text.slice(j + 1, end), 16);
      j = end;
      if (unit >= 0xd800 && unit <= 0xdbff && end + 6 < n && at(end) === BACKSLASH && text[end + 1] === "u") {
        for (let k = end + 2; k < end + 6; k++) {
          if (!isHex(text.charCodeAt(k))) throw new Failure(end + 1, "Invalid \\uXXXX escape");
        }
      }
    }
  };

  /** The index after the number at `start` (Python's NUMBER_RE), or a failure to find a value there. */
  const scanNumber = (start: number): number => {
    let j = start;
    if (at(j) === 0x2d) {
      j++;
      if (j >= n) throw new Failure(start, "Expecting value");
    }
    const c = at(j);
    if (c >= 0x31 && c <= 0x39) {
      j++;
      while (isDigit(at(j))) j++;
    } else if (c === 0x30) j++;
    else throw new Failure(start, "Expecting value");
    if (j < n - 1 && at(j) === 0x2e && isDigit(at(j + 1))) {
      j += 2;
      while (isDigit(at(j))) j++;
    }
    if (j < n - 1 && (at(j) === 0x65 || at(j) === 0x45)) {
      const mark = j;
      j++;
      if (j < n - 1 && (at(j) === 0x2d || at(j) === 0x2b)) j++;
      while (isDigit(at(j))) j++;
      if (!isDigit(at(j - 1))) j = mark;
    }
    return j;
  };

  /** After `{` or `,` in an object: the key, the colon and the whitespace before the value. */
  const scanKey = (i: number): number => {
    if (at(i) !== QUOTE) throw new Failure(i, "Expecting property name enclosed in double quotes");
    let j = skip(scanString(i));
    if (at(j) !== 0x3a) throw new Failure(j, "Expecting ':' delimiter");
    j = skip(j + 1);
    return j;
  };

  const stack: ("array" | "object")[] = [];
  let i = skip(0);
  let expectValue = true;
  try {
    for (;;) {
      if (expectValue) {
        const c = at(i);
        if (c === QUOTE) i = scanString(i);
        else if (c === 0x7b) {
          const j = skip(i + 1);
          if (at(j) === 0x7d) i = j + 1;
          else {
            i = scanKey(j);
            stack.push("object");
            continue;
          }
        } else if (c === 0x5b) {
          const j = skip(i + 1);
          if (at(j) === 0x5d) i = j + 1;
          else {
            i = j;
            stack.push("array");
            continue;
          }
        } else if (text.startsWith("null", i) || text.startsWith("true", i)) i += 4;
        else if (text.startsWith("false", i)) i += 5;
        else i = scanNumber(i);
        expectValue = false;
        continue;
      }
      const top = stack.at(-1);
      const j = skip(i);
      if (top === undefined) return j === n ? undefined : { index: j, message: "Extra data" };
      const close = top === "array" ? 0x5d : 0x7d;
      if (at(j) === close) {
        stack.pop();
        i = j + 1;
        continue;
      }
      if (at(j) !== 0x2c) throw new Failure(j, "Expecting ',' delimiter");
      i = top === "array" ? skip(j + 1) : scanKey(skip(j + 1));
      expectValue = true;
    }
  } catch (error) {
    if (error instanceof Failure) return { index: error.index, message: error.message };
    throw error;
  }
}
