import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared";

// Neutral: the main entry runs in browsers too; `./node` imports `node:` builtins, which stay imports.
export default defineConfig(libraryConfig(import.meta.url));
