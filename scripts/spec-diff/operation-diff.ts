import type { Change } from "./change";
import { type Document, isNode, type Node, resolve } from "./refs";
import { type DiffContext, diffSchema } from "./schema-diff";

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every operation of a document, keyed by method and path template (parameter names ignored). */
function operationsOf(document: Document): Map<string, { label: string; operation: Node; pathItem: Node }> {
  const found = new Map<string, { label: string; operation: Node; pathItem: Node }>();
  const paths = isNode(document.paths) ? document.paths : {};
  for (const [path, value] of Object.entries(paths)) {
    const pathItem = resolve(document, value).node ?? {};
    for (const method of methods) {
      const operation = pathItem[method];
      if (!isNode(operation)) continue;
      const key = `${method} ${path.replace(/\{[^}]*\}/g, "{}")}`;
      found.set(key, { label: `${method.toUpperCase()} ${path}`, operation, pathItem });
    }
  }
  return found;
}

/** Compares every operation: presence, parameters, request body, responses, security, operationId. */
export function diffOperations(ctx: DiffContext): void {
  const before = operationsOf(ctx.oldDoc);
  const after = operationsOf(ctx.newDoc);
  const push = (change: Change) => ctx.changes.push(change);
  for (const [key, old] of before) {
    const next = after.get(key);
    if (!next) {
      push({ severity: "breaking", location: old.label, message: "operation removed" });
      continue;
    }
    const at = next.label;
    if (old.operation.operationId !== next.operation.operationId) {
      push({
        severity: "breaking",
        location: at,
        message: `operationId changed: ${old.operation.operationId} → ${next.operation.operationId} (the types key operations by it)`,
      });
    }
    const docs = ["summary", "description", "tags", "externalDocs", "deprecated"].filter(
      (k) => JSON.stringify(old.operation[k]) !== JSON.stringify(next.operation[k]),
    );
    if (docs.length > 0) {
      push({ severity: "patch", location: at, message: `documentation changed (${docs.join(", ")})` });
    }
    diffSecurity(
      ctx,
      old.operation.security ?? ctx.oldDoc.security,
      next.operation.security ?? ctx.newDoc.security,
      at,
    );
    diffParameters(ctx, [old.pathItem, old.operation], [next.pathItem, next.operation], at);
    diffRequestBody(ctx, old.operation.requestBody, next.operation.requestBody, at);
    diffResponses(ctx, old.operation.responses, next.operation.responses, at);
  }
  for (const [key, next] of after) {
    if (!before.has(key))
      ctx.changes.push({ severity: "addition", location: next.label, message: "operation added" });
  }
}

function diffSecurity(ctx: DiffContext, before: unknown, after: unknown, at: string): void {
  const alternatives = (value: unknown) =>
    new Set((Array.isArray(value) ? value : [{}]).map((requirement) => JSON.stringify(requirement)));
  const old = alternatives(before);
  const next = alternatives(after);
  for (const requirement of old) {
    if (!next.has(requirement)) {
      ctx.changes.push({
        severity: "breaking",
        location: at,
        message: `security requirement ${requirement} no longer accepted`,
      });
    }
  }
  for (const requirement of next) {
    if (!old.has(requirement)) {
      ctx.changes.push({
        severity: "addition",
        location: at,
        message: `security requirement ${requirement} now accepted`,
      });
    }
  }
}

function parametersOf(document: Document, owners: Node[]): Map<string, Node> {
  const found = new Map<string, Node>();
  for (const owner of owners) {
    for (const value of Array.isArray(owner.parameters) ? owner.parameters : []) {
      const parameter = resolve(document, value).node;
      if (!parameter) continue;
      const name = String(parameter.name);
      found.set(`${parameter.in} ${parameter.in === "header" ? name.toLowerCase() : name}`, parameter);
    }
  }
  return found;
}

function diffParameters(ctx: DiffContext, oldOwners: Node[], newOwners: Node[], at: string): void {
  const before = parametersOf(ctx.oldDoc, oldOwners);
  const after = parametersOf(ctx.newDoc, newOwners);
  for (const [key, old] of before) {
    const where = `${at} ${key.replace(" ", " parameter ")}`;
    const next = after.get(key);
    if (!next) {
      ctx.changes.push({
        severity: "breaking",
        direction: "request",
        location: where,
        message: "parameter removed",
      });
      continue;
    }
    if (old.required !== true && next.required === true) {
      ctx.changes.push({
        severity: "breaking",
        direction: "request",
        location: where,
        message: "optional → required",
      });
    } else if (old.required === true && next.required !== true) {
      ctx.changes.push({
        severity: "addition",
        direction: "request",
        location: where,
        message: "required → optional",
      });
    }
    diffSchema(ctx, "request", old.schema, next.schema, where);
  }
  for (const [key, next] of after) {
    if (before.has(key)) continue;
    const where = `${at} ${key.replace(" ", " parameter ")}`;
    ctx.changes.push(
      next.required === true
        ? { severity: "breaking", direction: "request", location: where, message: "new required parameter" }
        : {
            severity: "addition",
            direction: "request",
            location: where,
            message: "optional parameter added",
          },
    );
  }
}

function contentOf(value: unknown): Node {
  return isNode(value) && isNode(value.content) ? value.content : {};
}

function diffRequestBody(ctx: DiffContext, oldValue: unknown, newValue: unknown, at: string): void {
  const before = resolve(ctx.oldDoc, oldValue).node;
  const after = resolve(ctx.newDoc, newValue).node;
  const where = `${at} request body`;
  if (!before && !after) return;
  if (before && !after) {
    ctx.changes.push({
      severity: "breaking",
      direction: "request",
      location: where,
      message: "request body removed",
    });
    return;
  }
  if (!before && after) {
    ctx.changes.push(
      after.required === true
        ? {
            severity: "breaking",
            direction: "request",
            location: where,
            message: "new required request body",
          }
        : {
            severity: "addition",
            direction: "request",
            location: where,
            message: "optional request body added",
          },
    );
    return;
  }
  if (before?.required !== true && after?.required === true) {
    ctx.changes.push({
      severity: "breaking",
      direction: "request",
      location: where,
      message: "optional → required",
    });
  }
  const oldContent = contentOf(before);
  const newContent = contentOf(after);
  for (const [mediaType, media] of Object.entries(oldContent)) {
    if (!(mediaType in newContent)) {
      ctx.changes.push({
        severity: "breaking",
        direction: "request",
        location: `${where} ${mediaType}`,
        message: "media type no longer accepted",
      });
      continue;
    }
    const next = newContent[mediaType];
    diffSchema(
      ctx,
      "request",
      isNode(media) ? media.schema : undefined,
      isNode(next) ? next.schema : undefined,
      where,
    );
  }
  for (const mediaType of Object.keys(newContent)) {
    if (!(mediaType in oldContent)) {
      ctx.changes.push({
        severity: "addition",
        direction: "request",
        location: `${where} ${mediaType}`,
        message: "media type now accepted",
      });
    }
  }
}

function diffResponses(ctx: DiffContext, oldValue: unknown, newValue: unknown, at: string): void {
  const before = isNode(oldValue) ? oldValue : {};
  const after = isNode(newValue) ? newValue : {};
  for (const [status, value] of Object.entries(before)) {
    const where = `${at} response ${status}`;
    if (!(status in after)) {
      ctx.changes.push({
        severity: "breaking",
        direction: "response",
        location: where,
        message: "response removed",
      });
      continue;
    }
    const old = resolve(ctx.oldDoc, value).node ?? {};
    const next = resolve(ctx.newDoc, after[status]).node ?? {};
    if (old.description !== next.description) {
      ctx.changes.push({
        severity: "patch",
        direction: "response",
        location: where,
        message: "documentation changed (description)",
      });
    }
    diffResponseContent(ctx, contentOf(old), contentOf(next), where);
    diffHeaders(ctx, old.headers, next.headers, where);
  }
  for (const status of Object.keys(after)) {
    if (!(status in before)) {
      ctx.changes.push({
        severity: "addition",
        direction: "response",
        location: `${at} response ${status}`,
        message: "response added",
      });
    }
  }
}

function diffResponseContent(ctx: DiffContext, before: Node, after: Node, where: string): void {
  for (const [mediaType, media] of Object.entries(before)) {
    if (!(mediaType in after)) {
      ctx.changes.push({
        severity: "breaking",
        direction: "response",
        location: `${where} ${mediaType}`,
        message: "media type removed",
      });
      continue;
    }
    const next = after[mediaType];
    diffSchema(
      ctx,
      "response",
      isNode(media) ? media.schema : undefined,
      isNode(next) ? next.schema : undefined,
      `${where} ${mediaType}`,
    );
  }
  for (const mediaType of Object.keys(after)) {
    if (!(mediaType in before)) {
      ctx.changes.push({
        severity: "addition",
        direction: "response",
        location: `${where} ${mediaType}`,
        message: "media type added",
      });
    }
  }
}

function diffHeaders(ctx: DiffContext, oldValue: unknown, newValue: unknown, where: string): void {
  const normalize = (value: unknown, document: Document) =>
    new Map(
      Object.entries(isNode(value) ? value : {}).map(([name, header]) => [
        name.toLowerCase(),
        resolve(document, header).node ?? {},
      ]),
    );
  const before = normalize(oldValue, ctx.oldDoc);
  const after = normalize(newValue, ctx.newDoc);
  for (const [name, old] of before) {
    const at = `${where} header ${name}`;
    const next = after.get(name);
    if (!next) {
      ctx.changes.push({
        severity: "breaking",
        direction: "response",
        location: at,
        message: "header removed",
      });
      continue;
    }
    if (old.required === true && next.required !== true) {
      ctx.changes.push({
        severity: "breaking",
        direction: "response",
        location: at,
        message: "required → optional",
      });
    }
    diffSchema(ctx, "response", old.schema, next.schema, at);
  }
  for (const name of after.keys()) {
    if (!before.has(name)) {
      ctx.changes.push({
        severity: "addition",
        direction: "response",
        location: `${where} header ${name}`,
        message: "header added",
      });
    }
  }
}
