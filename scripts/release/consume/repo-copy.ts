import { cpSync } from "node:fs";
import { basename } from "node:path";
import { run } from "../run";

/** What a copy of the repository leaves out: installs, build output, caches, git. */
const skipped = new Set(["node_modules", ".git", "dist", ".turbo", "coverage", ".vlmchat", "test-results"]);

/**
 * Copies the working tree (uncommitted and untracked files included: it is what gets released) to `dest`
 * and installs it from pnpm's store, offline and under the lockfile, as a fresh clone would be.
 */
export async function copyRepo(source: string, dest: string, env: NodeJS.ProcessEnv): Promise<void> {
  cpSync(source, dest, {
    recursive: true,
    filter: (path) => !skipped.has(basename(path)) && !path.endsWith(".tsbuildinfo"),
  });
  await run("pnpm", ["install", "--offline", "--frozen-lockfile"], { cwd: dest, env, timeoutMs: 300_000 });
}
