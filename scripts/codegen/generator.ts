import type { Spec } from "./spec";

/** One generated file: its path from the repo root and its exact contents. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * A generator turns the spec into files. It owns whole directories: `pnpm generate` deletes any file
 * in them that it no longer produces, and `pnpm generate:check` reports such files as stale.
 */
export interface Generator {
  readonly name: string;
  readonly ownedDirs: readonly string[];
  generate(spec: Spec): Promise<readonly GeneratedFile[]> | readonly GeneratedFile[];
}
