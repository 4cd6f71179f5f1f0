import { describe, expect, it } from "vitest";
import { findJsonSyntaxError, parseJsonText } from "../src/json-text";

/**
 * [text, position, message] as CPython 3.11's `json.loads` reports them (`JSONDecodeError.pos` and
 * `.msg`), recorded by running it on each text: FastAPI's `json_invalid` carries exactly these.
 */
const python: [string, number, string][] = [
  ["", 0, "Expecting value"],
  [" ", 1, "Expecting value"],
  ["{", 1, "Expecting property name enclosed in double quotes"],
  ["[", 1, "Expecting value"],
  ['{"a"', 4, "Expecting ':' delimiter"],
  ['{"a":', 5, "Expecting value"],
  ['{"a" 1}', 5, "Expecting ':' delimiter"],
  ['{"a":1', 6, "Expecting ',' delimiter"],
  ['{"a":1 "b":2}', 7, "Expecting ',' delimiter"],
  ['{"a":1,}', 7, "Expecting property name enclosed in double quotes"],
  ["{,}", 1, "Expecting property name enclosed in double quotes"],
  ["[1,]", 3, "Expecting value"],
  ["[1 2]", 3, "Expecting ',' delimiter"],
  ["[1", 2, "Expecting ',' delimiter"],
  ['"abc', 0, "Unterminated string starting at"],
  ['"a\\qb"', 2, "Invalid \\escape"],
  ['"\\u12"', 2, "Invalid \\uXXXX escape"],
  ['"\\u12G4"', 2, "Invalid \\uXXXX escape"],
  ['"\\ud800\\uZZZZ"', 8, "Invalid \\uXXXX escape"],
  ['"a\u0001b"', 2, "Invalid control character at"],
  ["tru", 0, "Expecting value"],
  ["nul", 0, "Expecting value"],
  ["01", 1, "Extra data"],
  ["1.", 1, "Extra data"],
  ["-", 0, "Expecting value"],
  ["-a", 0, "Expecting value"],
  ["1e", 1, "Extra data"],
  ["1e+", 1, "Extra data"],
  ["{} x", 3, "Extra data"],
  ["[] ]", 3, "Extra data"],
  ["[1,2,,3]", 5, "Expecting value"],
  ['{"a":[1,{"b":}]}', 13, "Expecting value"],
  ["\ud83d\ude00\ud83d\ude00{", 0, "Expecting value"],
  ['{"\ud83d\ude00": x}', 6, "Expecting value"],
  ['{"a":1}}', 7, "Extra data"],
  ["  [\n 1,\n 2\n ", 12, "Expecting ',' delimiter"],
  ["{'a':1}", 1, "Expecting property name enclosed in double quotes"],
  ['{"a":"b\n"}', 7, "Invalid control character at"],
  ["[-]", 1, "Expecting value"],
  ["[.5]", 1, "Expecting value"],
  ["[1.5e]", 4, "Expecting ',' delimiter"],
  ['{"a":true,"b":fals}', 14, "Expecting value"],
  ['"\\', 0, "Unterminated string starting at"],
  ['"\\u"', 2, "Invalid \\uXXXX escape"],
  ["[1]\n\n x", 6, "Extra data"],
];

describe("parseJsonText", () => {
  it.each(python)("%j fails where Python's json fails, with its message", (text, position, message) => {
    expect(parseJsonText(text)).toEqual({ ok: false, error: { position, message } });
  });

  it("parses what JSON.parse parses", () => {
    expect(parseJsonText('{"a": [1, "😀", null]}')).toEqual({ ok: true, value: { a: [1, "😀", null] } });
  });

  it("rejects NaN and Infinity, which Python accepts and JSON does not", () => {
    expect(parseJsonText("[NaN]")).toEqual({ ok: false, error: { position: 1, message: "Expecting value" } });
    expect(parseJsonText("-Infinity")).toEqual({
      ok: false,
      error: { position: 0, message: "Expecting value" },
    });
  });

  it("survives deep nesting", () => {
    expect(findJsonSyntaxError(`${"[".repeat(100_000)}x`)).toEqual({
      index: 100_000,
      message: "Expecting value",
    });
  });
});
