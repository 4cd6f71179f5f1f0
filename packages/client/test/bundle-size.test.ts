import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { BUDGETS, measureBundles } from "../bench/bundle-size";

// Sizes are deterministic (same sources, same esbuild), so the budgets are tests; `pnpm bench` prints them.
describe("bundle size (esbuild --bundle --minify, browser, no code splitting, gzipped)", () => {
  // One measurement (two esbuild bundles) serves every budget below.
  let measured: ReturnType<typeof measureBundles> | undefined;
  const sizes = () => {
    measured ??= measureBundles();
    return measured;
  };

  it("create + streaming + retries + errors fit in 16 KiB (the client carries files and artifacts too)", async () => {
    const { core } = await sizes();
    expect(core.gzipped).toBeLessThanOrEqual(BUDGETS.core);
  });

  it("create + streaming + files + artifacts fit in 16 KiB", async () => {
    const { withFiles } = await sizes();
    expect(withFiles.gzipped).toBeLessThanOrEqual(BUDGETS.withFiles);
  });

  it("with validate: { request: requestValidator } it fits in 34 KiB", async () => {
    const { withRequestValidation } = await sizes();
    expect(withRequestValidation.gzipped).toBeLessThanOrEqual(BUDGETS.withRequestValidation);
  });
});

describe("the main entry runs outside Node", () => {
  it("bundles for the browser as one file with no Node built-in and no import()", async () => {
    const result = await build({
      stdin: {
        contents: `export * from "@vlmchat/client";`,
        resolveDir: new URL("..", import.meta.url).pathname,
      },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      conditions: ["@vlmchat/source"],
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const [file] = result.outputFiles;
    expect(file?.text).not.toMatch(/["']node:/);
    expect(file?.text).not.toMatch(/\bimport\(/);
  });
});
