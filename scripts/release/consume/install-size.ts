import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** The bytes of every file under `dir` (symbolic links not followed). */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else if (entry.isFile()) total += lstatSync(path).size;
  }
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
    for (const name of names) sizes.set(name, sizeOf(join(modules, name)));
  }
  return sizes;
}
