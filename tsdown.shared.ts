/// <reference types="node" />
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { UserConfig } from "tsdown";

interface Manifest {
  exports?: Record<string, string | Record<string, string>>;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
}

/** `./dist/request.js` → `request`: the entry name that makes tsdown write exactly that file. */
function entryName(target: string): string {
  return target.replace(/^\.\/dist\//, "").replace(/\.js$/, "");
}

/**
 * Entries come from package.json, so the build follows the subpaths the package owner declares: every
 * `exports` subpath builds its `@vlmchat/source` file into its `default` target, and every `bin` target
 * `./dist/x.js` builds from `./src/x.ts`.
 */
export function entriesOf(manifest: Manifest): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const target of Object.values(manifest.exports ?? {})) {
    if (typeof target === "string") continue;
    const source = target["@vlmchat/source"];
    const output = target.default;
    if (source && output) entries[entryName(output)] = source;
  }
  const bins = typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const output of bins)
    entries[entryName(output)] = output.replace(/^\.\/dist\//, "./src/").replace(/\.js$/, ".ts");
  return entries;
}

/**
 * The build of every published package (RELEASING.md explains the choices): ESM only, `.js` + `.d.ts`
 * beside each other in dist/, for Node >= 20.19. Other @vlmchat packages are never bundled: they are
 * dependencies, resolved by name at install time. A bin entry gets its `#!/usr/bin/env node` line.
 * `configUrl` is the calling tsdown.config.ts's `import.meta.url`.
 */
export function libraryConfig(
  configUrl: string,
  options: { platform: "node" | "neutral" } = { platform: "neutral" },
): UserConfig {
  const packageDir = fileURLToPath(new URL(".", configUrl));
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Manifest;
  const entry = entriesOf(manifest);
  const binEntries = new Set(
    Object.entries(entry)
      .filter(([, source]) => existsSync(join(packageDir, source)))
      .filter(([name]) => JSON.stringify(manifest.bin ?? {}).includes(`./dist/${name}.js`))
      .filter(([, source]) => !readFileSync(join(packageDir, source), "utf8").startsWith("#!"))
      .map(([name]) => name),
  );
  return {
    cwd: packageDir,
    entry,
    format: "esm",
    platform: options.platform,
    target: "node20.19",
    fixedExtension: false,
    dts: true,
    sourcemap: false,
    clean: true,
    deps: { neverBundle: [/^@vlmchat\//] },
    // dist/ mirrors src/, one module per file: readable stack traces, per-module tree-shaking, and no
    // cross-entry chunks, where rolldown-plugin-dts 0.23 leaves runtime helpers (`__exportAll`) in
    // declaration files (caught by the publish-and-consume test's tsc run).
    unbundle: true,
    hooks: { "build:done": () => removeUnimportedHelpers(join(packageDir, "dist")) },
    ...(binEntries.size > 0
      ? { outputOptions: { banner: (chunk) => (binEntries.has(chunk.name) ? "#!/usr/bin/env node" : "") } }
      : {}),
  };
}

/**
 * Unbundled builds can leave rolldown's runtime helpers in `dist/_virtual/` when, after tree-shaking, no
 * module imports them; a published directory nothing loads is noise, so it goes.
 */
function removeUnimportedHelpers(dist: string): void {
  const helpers = join(dist, "_virtual");
  if (!existsSync(helpers)) return;
  const modules = (readdirSync(dist, { recursive: true }) as string[]).filter(
    (file) => !file.startsWith("_virtual") && /\.(js|d\.ts)$/.test(file),
  );
  if (!modules.some((file) => readFileSync(join(dist, file), "utf8").includes("_virtual/"))) {
    rmSync(helpers, { recursive: true });
  }
}
