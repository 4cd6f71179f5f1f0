import { defineConfig } from "vitest/config";

/**
 * What every package's vitest config shares: workspace packages resolve to their TypeScript sources
 * through the `@vlmchat/source` export condition, so tests never need a build.
 */
export const sourceConditions = ["@vlmchat/source", "module", "node", "import", "default"];

export const sharedConfig = defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ["@vlmchat/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
