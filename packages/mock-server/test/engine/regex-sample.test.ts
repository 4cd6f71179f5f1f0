import { describe, expect, it } from "vitest";
import { sampleRegex } from "../../src/engine/regex-sample";

describe("sampleRegex", () => {
  it.each([
    "^INV-\\d{4}$",
    "^[A-Z]{3}$",
    "^\\d{4}-\\d{2}-\\d{2}$",
    "^(foo|bar)+baz?$",
    "[^a-z0-9]",
    "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$",
    "^\\p{Lu}\\w*$",
    "^[\\w-]{3,8}$",
    "^(?:[01]\\d|2[0-3]):[0-5]\\d$",
    "^(?<year>\\d{4})$",
    "^\\+?[1-9]\\d{1,14}$",
    "^[^\\s@]+@[^\\s@]+$",
  ])("builds a string that matches %s", (pattern) => {
    const sample = sampleRegex(pattern);
    expect(sample).toBeTypeOf("string");
    expect(new RegExp(pattern, "u").test(sample as string)).toBe(true);
  });

  it.each(["(?=x)a", "(a)\\1", "[", "a{"])(
    "returns undefined for a lookaround, a back-reference or an invalid pattern: %s",
    (pattern) => {
      expect(sampleRegex(pattern)).toBeUndefined();
    },
  );
});

describe("sampleRegex bounds", () => {
  it.each(["a{1000000000}", "((a{1000}){1000}){1000}"])("refuses to build a flood: %s", (pattern) => {
    expect(sampleRegex(pattern)).toBeUndefined();
  });
});
