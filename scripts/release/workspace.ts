import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file so that release scripts never depend on the working directory. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  publishConfig?: { access?: string; exports?: Record<string, unknown>; [key: string]: unknown };
  bin?: string | Record<string, string>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  [key: string]: unknown;
}

export interface WorkspacePackage {
  /** Directory relative to the repo root, e.g. `packages/client`. */
  readonly dir: string;
  readonly manifest: PackageManifest;
}

/** The packages vlmchat publishes: every non-private package under `packages/`. */
export function publishedPackages(root = repoRoot): WorkspacePackage[] {
  return readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}`)
    .flatMap((dir) => {
      let text: string;
      try {
        text = readFileSync(join(root, dir, "package.json"), "utf8");
      } catch {
        return [];
      }
      const manifest = JSON.parse(text) as PackageManifest;
      return manifest.private ? [] : [{ dir, manifest }];
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}
