import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * The entries as a user's bundler builds them (esbuild, minified), checked for what a strict
 * Content-Security-Policy or an edge worker forbids, and for size. Size is deterministic, so budgets
 * are tests; speed is not, so it is a benchmark (`pnpm bench`).
 */
async function bundle(entry: string, external: string[] = []) {
  const result = await build({
    entryPoints: [new URL(`../src/${entry}.ts`, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["@vlmchat/source"],
    mainFields: ["module", "main"],
    external,
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]?.text ?? "";
  return { text, min: text.length, gzip: gzipSync(text).length };
}

const forbidden = [/\bnew Function\b/, /\beval\s*\(/, /\brequire\s*\(/, /\bimport\s*\(/];

/** Budgets in bytes of min+gzip; measured figures are in the package README. */
const budgets = {
  request: 18_000,
  // 6.5 kB before the two AgentSkill kinds and the flat input_file joined the spec (6.8 kB after).
  "request-guard": 7_000,
  // 10.5 kB before responseValidator also checked the files and artifacts answers the client reads (12.2 kB after).
  response: 12_500,
  files: 6_000,
  // The main entry also carries ajv's compiler and formats, for validateStructuredOutput.
  // 72.5 kB since the files and artifacts validators joined it.
  index: 74_000,
};

describe("bundled entries", () => {
  it.each(["request", "request-guard", "response", "files"] as const)(
    "./%s is self-contained: no new Function, eval, require or dynamic import",
    async (entry) => {
      const { text } = await bundle(entry);
      for (const pattern of forbidden) expect(text).not.toMatch(pattern);
    },
  );

  it("the main entry's own code has none of them either (ajv's compiler aside, used by validateStructuredOutput)", async () => {
    const { text } = await bundle("index", ["ajv", "ajv/*", "ajv-formats"]);
    for (const pattern of forbidden) expect(text).not.toMatch(pattern);
  });

  it("./request, ./request-guard and ./response load neither zod nor ajv's compiler", async () => {
    for (const entry of ["request", "request-guard", "response", "files"]) {
      const { text } = await bundle(entry, ["zod", "ajv", "ajv/*", "ajv-formats"]);
      expect(text).not.toMatch(/from\s*"(zod|ajv|ajv-formats)/);
    }
  });

  it.each(Object.entries(budgets))("%s stays within its size budget (min+gzip)", async (entry, budget) => {
    const { gzip } = await bundle(entry);
    expect(gzip).toBeLessThanOrEqual(budget);
  });
});
