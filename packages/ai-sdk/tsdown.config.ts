import { defineConfig } from "tsdown";
import { libraryConfig } from "../../tsdown.shared";

// Neutral: the provider runs wherever the AI SDK and @vlmchat/client run, browsers and edge included.
export default defineConfig(libraryConfig(import.meta.url));
