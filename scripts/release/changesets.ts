import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Bump } from "../spec-diff/bump";

export interface PendingChangeset {
  /** File name under .changeset/. */
  readonly file: string;
  /** Package name → bump. Empty for `changeset --empty` ("no release needed"). */
  readonly releases: Readonly<Record<string, Bump>>;
}

const bumps = new Set(["patch", "minor", "major"]);

/** The changesets not yet consumed by `changeset version`: `.changeset/*.md` except README.md. */
export function pendingChangesets(root: string): PendingChangeset[] {
  let files: string[];
  try {
    files = readdirSync(join(root, ".changeset"));
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith(".md") && file.toLowerCase() !== "readme.md")
    .sort()
    .map((file) => ({
      file,
      releases: parseReleases(readFileSync(join(root, ".changeset", file), "utf8"), file),
    }));
}

function parseReleases(text: string, file: string): Record<string, Bump> {
  const lines = text.trimStart().split(/\r?\n/);
  const end = lines.indexOf("---", 1);
  if (lines[0] !== "---" || end < 0) {
    throw new Error(`.changeset/${file}: no front matter (--- "@vlmchat/x": patch ---)`);
  }
  const parsed: unknown = parse(lines.slice(1, end).join("\n")) ?? {};
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`.changeset/${file}: the front matter must map package names to patch, minor or major`);
  }
  const releases: Record<string, Bump> = {};
  for (const [name, bump] of Object.entries(parsed)) {
    if (!bumps.has(String(bump)))
      throw new Error(`.changeset/${file}: "${name}": ${bump} is not patch, minor or major`);
    releases[name] = bump as Bump;
  }
  return releases;
}
