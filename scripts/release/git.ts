import { execFileSync } from "node:child_process";

/** Runs git in `cwd` and returns its trimmed stdout; throws with git's message when it fails. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Like `git`, but `undefined` instead of an error (for questions whose answer may be "none"). */
export function tryGit(cwd: string, ...args: string[]): string | undefined {
  try {
    return git(cwd, ...args);
  } catch {
    return undefined;
  }
}

/** Release tags: `v1.2.3` (one version for all) or changesets' per-package `@vlmchat/client@1.2.3`. */
export const releaseTagPatterns = ["v[0-9]*", "@vlmchat/*@*"];

/** The newest release tag reachable from HEAD, if any. */
export function lastReleaseTag(cwd: string): string | undefined {
  const matches = releaseTagPatterns.flatMap((pattern) => ["--match", pattern]);
  return tryGit(cwd, "describe", "--tags", "--abbrev=0", ...matches, "HEAD");
}

/** Files that differ between `base` and the working tree, untracked files included. */
export function changedFiles(cwd: string, base: string): string[] {
  const tracked = git(cwd, "diff", "--name-only", "--no-renames", base, "--");
  const untracked = git(cwd, "ls-files", "--others", "--exclude-standard");
  return [...new Set([...tracked.split("\n"), ...untracked.split("\n")].filter(Boolean))].sort();
}
