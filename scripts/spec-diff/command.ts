import { requiredBump } from "./bump";
import { diffSpecs } from "./diff";
import { loadDocument } from "./load";
import { isNode } from "./refs";
import { formatReport } from "./report";

export interface CommandResult {
  readonly code: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const usage =
  "usage: pnpm spec:diff OLD NEW [--json]   (files, or git revisions like v0.1.0:openapi/openapi.yaml)";

/**
 * `spec:diff OLD NEW [--json]`: exit code 1 when a change is breaking, 2 on bad input, else 0.
 * The bump follows semver's 0.x rule while `packageVersion` (the published packages' version; without
 * one, OLD's `info.version`) is below 1.0.0.
 */
export function specDiffCommand(
  args: readonly string[],
  cwd = process.cwd(),
  packageVersion?: string,
): CommandResult {
  const json = args.includes("--json");
  const [oldSpec, newSpec, ...rest] = args.filter((a) => a !== "--json");
  if (!oldSpec || !newSpec || rest.length > 0) return { code: 2, stdout: "", stderr: usage };
  try {
    const oldDoc = loadDocument(oldSpec, cwd);
    const newDoc = loadDocument(newSpec, cwd);
    const changes = diffSpecs(oldDoc, newDoc);
    const specVersion =
      isNode(oldDoc.info) && typeof oldDoc.info.version === "string" ? oldDoc.info.version : "0.0.0";
    const version = packageVersion ?? specVersion;
    const bump = requiredBump(changes, version);
    const stdout = json
      ? JSON.stringify({ bump, changes }, null, 2)
      : formatReport(changes, { old: oldSpec, new: newSpec }, bump, version);
    return { code: changes.some((c) => c.severity === "breaking") ? 1 : 0, stdout, stderr: "" };
  } catch (error) {
    return { code: 2, stdout: "", stderr: `spec:diff: ${(error as Error).message}` };
  }
}
