import { defineConfig } from "tsdown";

// ESM only: see RELEASING.md ("Why ESM only"). Types only at runtime: dist/index.js is an empty module, so
// `import "@vlmchat/types"` never fails, and dist/index.d.ts carries everything.
export default defineConfig({
  entry: ["src/index.ts"],
  format: "esm",
  platform: "neutral",
  target: "node20.19",
  fixedExtension: false,
  dts: true,
  sourcemap: false,
  clean: true,
});
