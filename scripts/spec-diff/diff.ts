import type { Change } from "./change";
import { severityOrder } from "./change";
import { diffOperations } from "./operation-diff";
import { type Document, isNode } from "./refs";
import type { DiffContext } from "./schema-diff";

/**
 * Every change between two OpenAPI documents, classified (see change.ts), each reported once, breaking
 * changes first. Schemas are compared where operations use them, so each knows whether it is sent or
 * received; component schemas are also compared by name, because @vlmchat/types exports one type each.
 */
export function diffSpecs(oldDoc: Document, newDoc: Document): Change[] {
  const ctx: DiffContext = { oldDoc, newDoc, changes: [], seen: new Set() };
  diffOperations(ctx);
  diffComponentNames(ctx);
  diffDocumentation(ctx);
  const unique = new Map<string, Change>();
  for (const change of ctx.changes) {
    unique.set(`${change.severity}|${change.direction ?? ""}|${change.location}|${change.message}`, change);
  }
  return [...unique.values()].sort(
    (a, b) =>
      severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) ||
      a.location.localeCompare(b.location) ||
      a.message.localeCompare(b.message),
  );
}

function schemasOf(document: Document): Record<string, unknown> {
  const components = isNode(document.components) ? document.components : {};
  return isNode(components.schemas) ? components.schemas : {};
}

function diffComponentNames(ctx: DiffContext): void {
  const before = schemasOf(ctx.oldDoc);
  const after = schemasOf(ctx.newDoc);
  for (const name of Object.keys(before)) {
    if (!(name in after)) {
      ctx.changes.push({
        severity: "breaking",
        location: `components.schemas.${name}`,
        message: "schema removed (its named type and validators disappear)",
      });
    }
  }
  for (const name of Object.keys(after)) {
    if (!(name in before)) {
      ctx.changes.push({
        severity: "addition",
        location: `components.schemas.${name}`,
        message: "schema added",
      });
    }
  }
}

function diffDocumentation(ctx: DiffContext): void {
  const parts: [string, (d: Document) => unknown][] = [
    ["info", (d) => d.info],
    ["servers", (d) => d.servers],
    ["tags", (d) => d.tags],
    ["components.examples", (d) => (isNode(d.components) ? d.components.examples : undefined)],
  ];
  for (const [location, read] of parts) {
    if (JSON.stringify(read(ctx.oldDoc)) !== JSON.stringify(read(ctx.newDoc))) {
      ctx.changes.push({ severity: "patch", location, message: "changed (documentation)" });
    }
  }
}
