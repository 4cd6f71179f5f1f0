import { readFileSync } from "node:fs";
import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// Neutral: the main entry runs in browsers too; `./node` imports `node:` builtins, which stay imports.
// The version is written into the build (src/version.ts), never kept as a constant that drifts.
export default defineConfig({
  ...libraryConfig(import.meta.url),
  define: { __VLMCHAT_CLIENT_VERSION__: JSON.stringify(version) },
});
