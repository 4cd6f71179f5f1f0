import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { filesOnDisk, runGenerators } from "./run";
import { repoRoot } from "./spec";

const started = performance.now();
const generation = await runGenerators();
const expected = new Set(generation.files.map((f) => f.path));
for (const path of filesOnDisk(generation.ownedDirs)) {
  if (!expected.has(path)) rmSync(join(repoRoot, path));
}
for (const file of generation.files) {
  const path = join(repoRoot, file.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, file.contents);
}
const ms = Math.round(performance.now() - started);
console.log(`generated ${generation.files.length} files from openapi/openapi.yaml in ${ms} ms`);
