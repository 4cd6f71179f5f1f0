import { describe, expect, it } from "vitest";
import { countTokens, tokenize } from "../../src/engine/tokens";

describe("tokenize", () => {
  it.each([
    { text: "What colours are these?", want: ["What", " colours", " are", " these", "?"] },
    { text: "internationalization", want: ["internat", "ionaliza", "tion"] },
    { text: "year 2026.", want: ["year", " 202", "6", "."] },
    { text: "a  b\n\nc", want: ["a", " ", " b", "\n", "\n", "c"] },
    { text: "", want: [] },
  ])("splits $text", ({ text, want }) => {
    expect(tokenize(text)).toEqual(want);
  });

  it.each(["Hello, world!", "  leading and trailing  ", "ünïcödé — 😀 emoji\r\n", '{"a":[1,2,3]}', "\t\t"])(
    "gives tokens that concatenate back to %j, and counts them",
    (text) => {
      const tokens = tokenize(text);
      expect(tokens.join("")).toBe(text);
      expect(countTokens(text)).toBe(tokens.length);
    },
  );
});
