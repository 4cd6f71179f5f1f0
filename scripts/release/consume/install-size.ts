import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The bytes under `path`, as `du -sb` counts them: every file, folder and link itself (links not followed). */
export function diskBytes(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  let total = stat.size;
  for (const entry of readdirSync(path)) total += diskBytes(join(path, entry));
  return total;
}

/** The installed size of each package in a project's flat (npm) `node_modules`, by package name. */
export function installedSizes(projectDir: string): Map<string, number> {
  const modules = join(projectDir, "node_modules");
  const sizes = new Map<string, number>();
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const names = entry.name.startsWith("@")
      ? readdirSync(join(modules, entry.name)).map((inner) => `${entry.name}/${inner}`)
      : [entry.name];
    for (const name of names) sizes.set(name, diskBytes(join(modules, name)));
  }
  return sizes;
}

/** The lifecycle scripts npm runs when it installs a package (a `binding.gyp` alone makes it run node-gyp). */
const installScripts = ["preinstall", "install", "postinstall"] as const;

/**
 * Every installed package (nested ones too) that would run something at install: one of
 * {@link installScripts}, or a `binding.gyp`, which npm builds with node-gyp when no install script is set.
 */
export function packagesWithInstallScripts(projectDir: string): string[] {
  const found: string[] = [];
  const visit = (modules: string) => {
    let entries: string[];
    try {
      entries = readdirSync(modules);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith(".")) continue;
      const dirs = entry.startsWith("@")
        ? readdirSync(join(modules, entry)).map((inner) => join(modules, entry, inner))
        : [join(modules, entry)];
      for (const dir of dirs) {
        let manifest: { name?: string; scripts?: Record<string, string> };
        try {
          manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        } catch {
          continue;
        }
        const scripts = installScripts.filter((name) => manifest.scripts?.[name]);
        let gyp = false;
        try {
          gyp = lstatSync(join(dir, "binding.gyp")).isFile();
        } catch {}
        if (scripts.length > 0 || gyp) {
          found.push(`${manifest.name ?? dir} (${[...scripts, ...(gyp ? ["binding.gyp"] : [])].join(", ")})`);
        }
        visit(join(dir, "node_modules"));
      }
    }
  };
  visit(join(projectDir, "node_modules"));
  return found.sort();
}
