import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { BUDGETS, measureBundles } from "../bench/bundle-size";

// Sizes are deterministic (same sources, same esbuild), so the budgets are tests; `pnpm bench` prints them.
describe("bundle size (esbuild, browser, minified, gzipped)", () => {
  // One measurement (four esbuild bundles) serves every budget below.
  let measured: ReturnType<typeof measureBundles> | undefined;
  const sizes = () => {
    measured ??= measureBundles();
    return measured;
  };

  it("create + streaming + retries + errors fit in 8 KiB, validation and parse left to lazy chunks", async () => {
    const { core } = await sizes();
    expect(core.gzipped).toBeLessThanOrEqual(BUDGETS.core);
  });

  it('with validate: "request", what a valid request loads fits in 16 KiB', async () => {
    const { withRequestValidation, validators } = await sizes();
    expect(withRequestValidation).toBeLessThanOrEqual(BUDGETS.withRequestValidation);
    expect(validators.gzipped).toBeLessThanOrEqual(1024);
  });
});

describe("the main entry runs outside Node", () => {
  it("bundles for the browser with no Node built-in anywhere, lazy chunks included", async () => {
    const result = await build({
      stdin: {
        contents: `export * from "@vlmchat/client";`,
        resolveDir: new URL("..", import.meta.url).pathname,
      },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      outdir: "/out",
      write: false,
      conditions: ["@vlmchat/source"],
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    // No `node:` module anywhere (esbuild would have failed on a bare built-in name for the browser).
    for (const file of result.outputFiles) expect(file.text).not.toMatch(/["']node:/);
  });
});
