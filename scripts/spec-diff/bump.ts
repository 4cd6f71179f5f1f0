import type { Change, Severity } from "./change";

export type Bump = "patch" | "minor" | "major";

export const bumpOrder: readonly Bump[] = ["patch", "minor", "major"];

export function largerBump(a: Bump, b: Bump): Bump {
  return bumpOrder.indexOf(a) >= bumpOrder.indexOf(b) ? a : b;
}

/**
 * The smallest version bump that covers a set of spec changes, given the current version.
 * From 1.0.0 on (semver): breaking → major, addition → minor, anything else → patch.
 * Before 1.0.0 (semver's 0.x rule, as npm's `^0.y.z` reads it: `^0.3.1` never takes 0.4.0):
 * breaking → minor, everything else → patch. Any change at all needs at least a patch.
 */
export function requiredBump(changes: readonly Change[], currentVersion: string): Bump | undefined {
  if (changes.length === 0) return undefined;
  const has = (severity: Severity) => changes.some((c) => c.severity === severity);
  const zeroMajor = currentVersion.startsWith("0.");
  if (has("breaking")) return zeroMajor ? "minor" : "major";
  if (has("addition")) return zeroMajor ? "patch" : "minor";
  return "patch";
}
