import { fileURLToPath } from "node:url";
import { build } from "vite";

const PAGE_ROOT = fileURLToPath(new URL("./page/", import.meta.url));

/**
 * Builds the page (TypeScript, CSS) with Vite's JS API into `outDir`. The workspace packages resolve to
 * their TypeScript sources through the `@vlmchat/source` condition, as everywhere in the repo, so the
 * page uses @vlmchat/client exactly as a browser app would, with no separate build of the packages.
 */
export async function buildPage(outDir: string): Promise<string> {
  await build({
    root: PAGE_ROOT,
    configFile: false,
    // Warnings here are about the packages' chunking, not something a demo user can act on.
    logLevel: "error",
    resolve: { conditions: ["@vlmchat/source", "browser", "module", "import", "default"] },
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, sourcemap: true },
  });
  return outDir;
}
