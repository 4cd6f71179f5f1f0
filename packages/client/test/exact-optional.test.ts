import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

describe("the option types under exactOptionalPropertyTypes", () => {
  it("compile code that passes undefined for options it leaves out (test/exact-optional/usage.ts)", () => {
    const project = new URL("./exact-optional/tsconfig.json", import.meta.url).pathname;
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", project], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe("");
  }, 60_000);
});
