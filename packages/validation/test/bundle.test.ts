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
    metafile: true,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]?.text ?? "";
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  return { text, imports, min: text.length, gzip: gzipSync(text).length };
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
  // Every precompiled validator; ajv's compiler left the main entry for ./structured-output.
  index: 30_000,
  // ajv's compiler and formats, with what maps its errors to the API's detail.
  "structured-output": 52_000,
};

/** The entries that load nothing but their own precompiled code. */
const precompiled = ["index", "request", "request-guard", "response", "files"] as const;

describe("bundled entries", () => {
  it.each(precompiled)(
    "./%s is self-contained: no new Function, eval, require or dynamic import",
    async (entry) => {
      const { text } = await bundle(entry);
      for (const pattern of forbidden) expect(text).not.toMatch(pattern);
    },
  );

  it.each(precompiled)("./%s imports neither zod nor ajv (optional peers)", async (entry) => {
    const { imports } = await bundle(entry, ["zod", "zod/*", "ajv", "ajv/*", "ajv-formats"]);
    expect(imports).toEqual([]);
  });

  it("./structured-output imports ajv and ajv-formats, and nothing else from outside", async () => {
    const { imports } = await bundle("structured-output", ["ajv", "ajv/*", "ajv-formats", "zod", "zod/*"]);
    expect(imports.sort()).toEqual(["ajv-formats", "ajv/dist/2020.js"]);
  });

  it.each(Object.entries(budgets))("%s stays within its size budget (min+gzip)", async (entry, budget) => {
    const { gzip } = await bundle(entry);
    expect(gzip).toBeLessThanOrEqual(budget);
  });
});
