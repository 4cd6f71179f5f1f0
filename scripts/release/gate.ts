import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Bump, bumpOrder, largerBump, requiredBump } from "../spec-diff/bump";
import type { Change } from "../spec-diff/change";
import { diffSpecs } from "../spec-diff/diff";
import { parseDocument } from "../spec-diff/load";
import { pendingChangesets } from "./changesets";
import { changedFiles, lastReleaseTag, tryGit } from "./git";
import { type PackageManifest, publishedPackages } from "./workspace";

export interface GateResult {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

const specFile = "openapi/openapi.yaml";

/**
 * The changeset gate. Since the last release tag (`v*` or `@vlmchat/*@*`; before the first release,
 * since the repository's first commit), a change to `openapi/` or to a published package's `src/` needs
 * a pending changeset, and the release it makes must be at least the bump `spec:diff` asks for
 * (0.x: breaking → minor). A version already raised by `pnpm version-packages` counts as that bump.
 * Outside a git checkout there is no history to compare, and the gate says so and passes.
 */
export function runGate(root: string): GateResult {
  if (tryGit(root, "rev-parse", "--is-inside-work-tree") !== "true" || !tryGit(root, "rev-parse", "HEAD")) {
    return {
      ok: true,
      lines: ["changeset gate: not a git checkout with commits; nothing to compare, skipped"],
    };
  }
  const tag = lastReleaseTag(root);
  const base = tag ?? tryGit(root, "rev-list", "--max-parents=0", "HEAD")?.split("\n").at(-1);
  if (!base) return { ok: true, lines: ["changeset gate: no base commit found; skipped"] };
  const baseName = tag ? `release tag ${tag}` : `the first commit (${base.slice(0, 8)}; no release tag yet)`;
  const lines = [`changeset gate: comparing with ${baseName}`];
  if (!tag && tryGit(root, "rev-parse", "--is-shallow-repository") === "true") {
    lines.push("  note: this is a shallow clone; fetch the whole history (and tags) for a meaningful check");
  }

  const packages = publishedPackages(root);
  const changed = changedFiles(root, base);
  const specChanged = changed.filter((f) => f.startsWith("openapi/"));
  const changedPackages = packages.filter((p) => changed.some((f) => f.startsWith(`${p.dir}/src/`)));
  if (specChanged.length === 0 && changedPackages.length === 0) {
    lines.push("  no change to openapi/ or to a published package's src/: no changeset needed");
    return { ok: true, lines };
  }
  const areas = [
    ...(specChanged.length > 0 ? ["openapi/"] : []),
    ...changedPackages.map((p) => `${p.dir}/src/`),
  ];
  lines.push(`  changed: ${areas.join(", ")}`);

  const groupNames = new Set(packages.map((p) => p.manifest.name));
  const baseVersion = versionAt(root, base, packages[0]?.dir) ?? "0.0.0";
  const currentVersion = packages[0]?.manifest.version ?? "0.0.0";
  const changesets = pendingChangesets(root);
  const declared = declaredBump(changesets, groupNames, baseVersion, currentVersion);
  const specChanges = specChanged.length > 0 ? diffSpecAgainst(root, base) : [];
  const required = requiredBump(specChanges, baseVersion);

  for (const change of specChanges.filter((c) => c.severity === "breaking")) {
    lines.push(
      `  ✗ breaking: ${change.direction ? `${change.direction} ` : ""}${change.location}: ${change.message}`,
    );
  }
  if (changesets.length === 0 && currentVersion === baseVersion) {
    const names = changedPackages.map((p) => p.manifest.name);
    lines.push(
      `  ✗ no changeset: run \`pnpm changeset\`, select ${names.length > 0 ? names.join(", ") : "the @vlmchat packages"}` +
        `, choose ${required ? `at least ${required}` : "the bump"} and describe the change (see RELEASING.md)`,
    );
    return { ok: false, lines };
  }
  lines.push(
    `  pending changesets: ${changesets.map((c) => c.file).join(", ") || "none"}; ` +
      `version ${baseVersion}${currentVersion !== baseVersion ? ` → ${currentVersion}` : ""}; ` +
      `release: ${declared ?? "none"}; spec:diff asks for: ${required ?? "nothing"}`,
  );
  if (required && (!declared || bumpOrder.indexOf(declared) < bumpOrder.indexOf(required))) {
    const breaking = specChanges.some((c) => c.severity === "breaking");
    const rule =
      breaking && baseVersion.startsWith("0.") ? " (in 0.x a breaking change takes a minor bump)" : "";
    lines.push(
      `  ✗ the spec change needs at least a ${required} release${rule}, but the changesets make ${declared ?? "none"}: ` +
        `run \`pnpm changeset\` and choose ${required}, or raise the bump in the .changeset/*.md front matter; ` +
        `\`pnpm spec:diff ${tag ?? base}:${specFile} ${specFile}\` shows every change`,
    );
    return { ok: false, lines };
  }
  for (const pkg of changedPackages) {
    if (!changesets.some((c) => pkg.manifest.name in c.releases) && currentVersion === baseVersion) {
      lines.push(
        `  note: no changeset names ${pkg.manifest.name}, so its CHANGELOG will not say what changed`,
      );
    }
  }
  lines.push("  ✓ the pending release covers the changes");
  return { ok: true, lines };
}

function versionAt(root: string, rev: string, dir: string | undefined): string | undefined {
  const text = dir ? tryGit(root, "show", `${rev}:${dir}/package.json`) : undefined;
  return text ? (JSON.parse(text) as PackageManifest).version : undefined;
}

/** The release the pending changesets (and a version already raised) make for the fixed group. */
function declaredBump(
  changesets: ReturnType<typeof pendingChangesets>,
  groupNames: Set<string>,
  baseVersion: string,
  currentVersion: string,
): Bump | undefined {
  let bump: Bump | undefined = versionBump(baseVersion, currentVersion);
  for (const changeset of changesets) {
    for (const [name, release] of Object.entries(changeset.releases)) {
      if (groupNames.has(name)) bump = bump ? largerBump(bump, release) : release;
    }
  }
  return bump;
}

/** The bump between two versions, when `after` is higher. */
export function versionBump(before: string, after: string): Bump | undefined {
  const [a = 0, b = 0, c = 0] = before.split(/[.-]/).map(Number);
  const [x = 0, y = 0, z = 0] = after.split(/[.-]/).map(Number);
  if (x > a) return "major";
  if (x === a && y > b) return "minor";
  if (x === a && y === b && z > c) return "patch";
  return undefined;
}

function diffSpecAgainst(root: string, base: string): Change[] {
  const current = parseDocument(readFileSync(join(root, specFile), "utf8"), specFile);
  const previous = tryGit(root, "show", `${base}:${specFile}`);
  // A spec that did not exist at the base: everything in it is new.
  const old = previous ? parseDocument(previous, `${base}:${specFile}`) : { openapi: "3.1.0", paths: {} };
  return diffSpecs(old, current);
}
