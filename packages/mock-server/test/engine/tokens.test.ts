import { describe, expect, it } from "vitest";
import { countTokens, TOKEN_PATTERN, tokenize } from "../../src/engine/tokens";

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

describe("tokenize agrees with its documented regular expression", () => {
  const reference = (text: string) => text.match(TOKEN_PATTERN) ?? [];
  const alphabet = [
    "a",
    "Z",
    "é",
    "ß",
    "Ж",
    "中",
    "1",
    "٣",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "\u3000",
    ",",
    ".",
    "!",
    "😀",
    "👍🏽",
    "-",
    "_",
    "'",
    "\r\n",
  ];

  it("on random texts over letters, digits, spaces, symbols and astral characters", () => {
    let state = 7;
    for (let round = 0; round < 2_000; round++) {
      let text = "";
      const length = round % 40;
      for (let i = 0; i < length; i++) {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        text += alphabet[state % alphabet.length];
      }
      expect(tokenize(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });
});
