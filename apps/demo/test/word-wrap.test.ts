import { describe, expect, it } from "vitest";
import { StreamingWrapper } from "../src/word-wrap";

function wrap(pieces: readonly string[], width: number, indent = "  "): string {
  let out = "";
  const wrapper = new StreamingWrapper((text) => (out += text), indent, width, indent.length);
  for (const piece of pieces) wrapper.push(piece);
  wrapper.end();
  return out;
}

describe("StreamingWrapper", () => {
  it("wraps at word boundaries and indents continuation lines (the first line starts at the indent too)", () => {
    expect(wrap(["the quick brown fox jumps over the lazy dog"], 17)).toBe(
      "the quick brown\n  fox jumps over\n  the lazy dog\n",
    );
  });

  it("gives the same text however the stream is split", () => {
    const text =
      "Streaming answers arrive in small pieces, often mid-word, and wrap the same.\nNew line here.";
    const whole = wrap([text], 30);
    for (const size of [1, 2, 3, 7]) {
      const pieces = text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];
      expect(wrap(pieces, 30)).toBe(whole);
    }
  });

  it("writes each finished word before the stream ends", () => {
    let out = "";
    const wrapper = new StreamingWrapper((text) => (out += text), "", 80, 0);
    wrapper.push("Hello wor");
    expect(out).toBe("Hello");
    wrapper.push("ld ");
    expect(out).toBe("Hello world");
  });

  it("keeps explicit newlines and never breaks a word longer than the width", () => {
    expect(wrap(["a\nsupercalifragilistic b"], 10)).toBe("a\n  supercalifragilistic\n  b\n");
  });
});
