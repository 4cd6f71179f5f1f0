import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { GeneratedFile, Generator } from "./generator";
import { generators as allGenerators } from "./generators";
import { loadSpec, repoRoot, type Spec } from "./spec";

export interface Generation {
  readonly files: readonly GeneratedFile[];
  readonly ownedDirs: readonly string[];
}

/** Runs every generator over the spec in memory; nothing is written. */
export async function runGenerators(
  spec: Spec = loadSpec(),
  generators: readonly Generator[] = allGenerators,
): Promise<Generation> {
  const files: GeneratedFile[] = [];
  const seen = new Set<string>();
  for (const generator of generators) {
    for (const file of await generator.generate(spec)) {
      if (seen.has(file.path)) throw new Error(`${generator.name}: ${file.path} is generated twice`);
      if (!generator.ownedDirs.some((dir) => file.path.startsWith(`${dir}/`))) {
        throw new Error(`${generator.name}: ${file.path} is outside the directories it owns`);
      }
      seen.add(file.path);
      files.push(file);
    }
  }
  return { files, ownedDirs: generators.flatMap((g) => g.ownedDirs) };
}

/** Every file now on disk under the generated directories, as repo-relative paths. */
export function filesOnDisk(ownedDirs: readonly string[], root = repoRoot): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(root, path).split("\\").join("/"));
    }
  };
  for (const dir of ownedDirs) walk(join(root, dir));
  return found.sort();
}

export interface Drift {
  readonly differs: string[];
  readonly missing: string[];
  readonly stale: string[];
}

/** What on disk differs from what the spec generates, new untracked files included. */
export function findDrift(generation: Generation, root = repoRoot): Drift {
  const drift: Drift = { differs: [], missing: [], stale: [] };
  const expected = new Set(generation.files.map((f) => f.path));
  for (const file of generation.files) {
    const path = join(root, file.path);
    if (!existsSync(path)) drift.missing.push(file.path);
    else if (readFileSync(path, "utf8") !== file.contents) drift.differs.push(file.path);
  }
  for (const path of filesOnDisk(generation.ownedDirs, root)) {
    if (!expected.has(path)) drift.stale.push(path);
  }
  return drift;
}
