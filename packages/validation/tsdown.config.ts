import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared";

// Neutral: the validators run in browsers too. Each entry is its own file, so `./request` and `./response`
// never pull in zod; what they share lands in a chunk.
export default defineConfig(libraryConfig(import.meta.url));
