import { describe, expect, it } from "vitest";
import { BUDGETS, measureBundles } from "../bench/bundle-size";

// Sizes are deterministic (same sources, same esbuild), so the budgets are tests; `pnpm bench` prints them.
describe("bundle size (esbuild, browser, minified, gzipped)", () => {
  it("create + streaming + retries + errors fit in 8 KiB, validation and parse left to lazy chunks", async () => {
    const sizes = await measureBundles();
    expect(sizes.core.gzipped).toBeLessThanOrEqual(BUDGETS.core);
    // Our own part of the request-validation path stays small; the validator it loads is
    // @vlmchat/validation's, sized by that package's own budget.
    expect(sizes.validators.gzipped).toBeLessThanOrEqual(1024);
  });
});
