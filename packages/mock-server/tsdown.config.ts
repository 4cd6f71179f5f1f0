import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared";

// Node only (node:http, better-sqlite3). The `vlmchat-mock` bin is an entry of its own (dist/cli.js).
export default defineConfig(libraryConfig(import.meta.url, { platform: "node" }));
