import type { Bump } from "./bump";
import type { Change, Severity } from "./change";

const headings: Record<Severity, string> = {
  breaking: "Breaking",
  addition: "Non-breaking: additions",
  patch: "Non-breaking: documentation and other compatible changes",
};
const marks: Record<Severity, string> = { breaking: "✗", addition: "+", patch: "~" };

/** The human report of a spec diff: changes grouped by severity, and the bump they need. */
export function formatReport(
  changes: readonly Change[],
  names: { readonly old: string; readonly new: string },
  bump: Bump | undefined,
  version: string,
): string {
  const lines = [`spec:diff ${names.old} → ${names.new}`, ""];
  if (changes.length === 0) {
    lines.push("No changes.");
    return lines.join("\n");
  }
  for (const severity of ["breaking", "addition", "patch"] as const) {
    const group = changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${headings[severity]} (${group.length})`);
    for (const change of group) {
      const direction = change.direction ? `${change.direction.padEnd(8)} ` : "";
      lines.push(`  ${marks[severity]} ${direction}${change.location}: ${change.message}`);
    }
    lines.push("");
  }
  const breaking = changes.filter((c) => c.severity === "breaking").length;
  const verdict =
    breaking > 0 ? `BREAKING: ${breaking} breaking change(s)` : "compatible: no breaking change";
  lines.push(`${verdict}; from version ${version} this needs at least a ${bump} bump.`);
  return lines.join("\n");
}
