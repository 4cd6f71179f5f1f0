import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { jsonLines } from "../src/json-view";
import { colourWanted, createStyle } from "../src/style";

describe("colourWanted", () => {
  it.each([
    { name: "a terminal", tty: true, env: {}, want: true },
    { name: "a pipe", tty: false, env: {}, want: false },
    { name: "NO_COLOR on a terminal", tty: true, env: { NO_COLOR: "1" }, want: false },
    { name: "empty NO_COLOR is ignored", tty: true, env: { NO_COLOR: "" }, want: true },
    { name: "FORCE_COLOR=0 on a terminal", tty: true, env: { FORCE_COLOR: "0" }, want: false },
    { name: "FORCE_COLOR=1 on a pipe", tty: false, env: { FORCE_COLOR: "1" }, want: true },
    { name: "NO_COLOR beats FORCE_COLOR", tty: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" }, want: false },
    { name: "TERM=dumb", tty: true, env: { TERM: "dumb" }, want: false },
  ])("$name → $want", ({ tty, env, want }) => {
    expect(colourWanted({ isTTY: tty }, env)).toBe(want);
  });
});

describe("styles", () => {
  it("wrap text in ANSI codes only when enabled", () => {
    expect(createStyle(true).red("x")).toBe("\u001b[31mx\u001b[39m");
    expect(createStyle(false).red("x")).toBe("x");
  });

  it("jsonLines is JSON.stringify's layout, coloured or not", () => {
    const value = {
      merchant: "Corner Cafe",
      items: [{ quantity: 2, paid: true }],
      tax: null,
      list: [1, "a"],
    };
    expect(jsonLines(value, createStyle(false)).join("\n")).toBe(JSON.stringify(value, null, 2));
    const coloured = jsonLines(value, createStyle(true)).join("\n");
    expect(stripVTControlCharacters(coloured)).toBe(JSON.stringify(value, null, 2));
    expect(coloured).toContain("\u001b[33m2\u001b[39m");
  });
});
