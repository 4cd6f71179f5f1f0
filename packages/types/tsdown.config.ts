import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared";

// Types only: dist/index.js is an empty module (so `import "@vlmchat/types"` never fails) and
// dist/index.d.ts carries everything.
export default defineConfig(libraryConfig(import.meta.url));
