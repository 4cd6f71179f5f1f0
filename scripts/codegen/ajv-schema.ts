import { isDeepStrictEqual } from "node:util";
import { componentSchemasDocument, schemasId } from "./json-schema";
import { isSchema, mapSchemas, reachableDefs, refName } from "./schema-walk";
import type { JsonSchema, OpenApiDocument } from "./spec";

/** The `$id` of the strict variant, in which request objects forbid unknown keys. */
export const strictSchemasId = "https://vlmchat.dev/openapi/schemas.strict.json";

/** Keywords that describe a schema but never change a verdict. */
const annotationKeywords = new Set([
  "description",
  "default",
  "example",
  "examples",
  "title",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "externalDocs",
  "xml",
]);

export interface AjvDocument {
  /** The JSON Schema document handed to ajv: same verdicts as the spec, errors that explain themselves. */
  readonly schema: JsonSchema;
  /** Unions left as they are because no rewrite explains their errors (paths into the document). */
  readonly unexplainedUnions: readonly string[];
}

/**
 * The spec's component schemas rewritten for precompiled ajv validators whose errors map one-to-one onto
 * Pydantic's. Every rewrite keeps every verdict (the differential tests compare against the spec as it
 * is); what changes is which errors a failure produces:
 *
 * - annotations are dropped, so the generated code embeds no prose;
 * - a discriminated union also checks its tag against every tag value, so the error of an unknown tag
 *   carries the expected ones (ajv's own discriminator error does not);
 * - a union whose branches have different JSON types dispatches on the type, so a value is checked
 *   against the one branch of its type (or fails one type check naming every accepted type), not
 *   against every branch;
 * - a union with a branch that accepts everything the others accept is that branch;
 * - a union of two objects told apart by a tag that one of them may leave out (the tag has a default,
 *   as AgentSkill's `type`) checks the branch the tag selects: `if` the tag is the required one's value,
 *   `then` that branch, `else` the other;
 * - "at least one of `a`, `b`" (see openapi/README.md) keeps only its `required` checks, which the
 *   object's own `properties` already back.
 *
 * With `forbidExtraKeysFrom`, the objects reachable from those schemas also get
 * `additionalProperties: false` (the strict mode that reports unknown keys).
 */
export function ajvDocument(
  document: OpenApiDocument,
  options: { id?: string; forbidExtraKeysFrom?: readonly string[] } = {},
): AjvDocument {
  const components = componentSchemasDocument(document);
  const defs = components.$defs as Record<string, JsonSchema>;
  const closed = options.forbidExtraKeysFrom
    ? reachableDefs(defs, options.forbidExtraKeysFrom)
    : new Set<string>();
  const schema = mapSchemas(components, (node, path) => {
    let out = withoutAnnotations(node);
    const def = /^#\/\$defs\/([^/]+)/.exec(path)?.[1];
    if (def && closed.has(def)) out = forbidExtraKeys(out);
    out = simplifyAtLeastOne(out);
    if (isSchema(out.discriminator)) return checkTagValues(out, defs);
    if (Array.isArray(out.oneOf) || Array.isArray(out.anyOf)) return explainUnion(out, defs) ?? out;
    return out;
  });
  // Found on the result: an "at least one of" union is only recognisable once its object simplified it.
  const unexplainedUnions: string[] = [];
  mapSchemas(schema, (node, path) => {
    const isUnion = Array.isArray(node.oneOf) || Array.isArray(node.anyOf);
    if (isUnion && !isSchema(node.discriminator) && !isRequiredOnly(node)) unexplainedUnions.push(path);
    return node;
  });
  return { schema: { ...schema, $id: options.id ?? schemasId }, unexplainedUnions };
}

function withoutAnnotations(node: JsonSchema): JsonSchema {
  return Object.fromEntries(
    Object.entries(node).filter(([key]) => !annotationKeywords.has(key) && !key.startsWith("x-")),
  );
}

function forbidExtraKeys(node: JsonSchema): JsonSchema {
  const isModel = node.type === "object" && isSchema(node.properties);
  return isModel && node.additionalProperties === undefined ? { ...node, additionalProperties: false } : node;
}

/**
 * `allOf: [{anyOf: [{required: [a], allOf: [{properties: {a: S}}]}, …]}]` beside `properties: {a: S}`:
 * the branches' `properties` repeat the object's own (they exist for other tools), so only `required`
 * is kept (with `a: true`, which checks nothing). Otherwise a wrong `a` would be reported twice.
 */
function simplifyAtLeastOne(node: JsonSchema): JsonSchema {
  const own = node.properties;
  if (!Array.isArray(node.allOf) || !isSchema(own)) return node;
  const allOf = node.allOf.map((item) => {
    if (!isSchema(item) || !Array.isArray(item.anyOf) || Object.keys(item).length !== 1) return item;
    const branches = item.anyOf.map((branch) => {
      if (!isSchema(branch) || !Array.isArray(branch.required)) return branch;
      const { required, allOf: inner, ...rest } = branch;
      const repeatsOwn =
        Object.keys(rest).length === 0 &&
        Array.isArray(inner) &&
        inner.every(
          (part) =>
            isSchema(part) &&
            Object.keys(part).length === 1 &&
            isSchema(part.properties) &&
            Object.entries(part.properties).every(([name, sub]) => isDeepStrictEqual(own[name], sub)),
        );
      // `properties: {a: true}` checks nothing; it is there for ajv's strictRequired.
      const declared = Object.fromEntries((required as string[]).map((name) => [name, true]));
      return repeatsOwn ? { required, properties: declared } : branch;
    });
    return { anyOf: branches };
  });
  return { ...node, allOf };
}

/** The tag values of a discriminated union, in branch order, read from each branch's single-value enum. */
export function tagValues(node: JsonSchema, defs: Record<string, JsonSchema>): string[] {
  const tag = (node.discriminator as { propertyName: string }).propertyName;
  return (node.oneOf as JsonSchema[]).map((branch) => {
    const target = resolve(branch, defs);
    const values = (target.properties as Record<string, JsonSchema> | undefined)?.[tag]?.enum;
    if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== "string") {
      throw new Error(`discriminator "${tag}": a branch has no single-value string enum for its tag`);
    }
    return values[0];
  });
}

function checkTagValues(node: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  const tag = (node.discriminator as { propertyName: string }).propertyName;
  if (node.properties !== undefined)
    throw new Error(`discriminated union on "${tag}" has its own properties`);
  return { ...node, properties: { [tag]: { enum: tagValues(node, defs) } } };
}

function resolve(schema: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  const name = refName(schema);
  if (!name) return schema;
  const target = defs[name];
  if (!target) throw new Error(`$ref to a missing schema: ${schema.$ref}`);
  return resolve(target, defs);
}

/** The JSON types a schema can accept, or undefined when it does not say. */
function typesOf(schema: JsonSchema, defs: Record<string, JsonSchema>): string[] | undefined {
  const target = resolve(schema, defs);
  if (typeof target.type === "string") return [target.type];
  if (Array.isArray(target.type)) return target.type as string[];
  const branches = (target.oneOf ?? target.anyOf) as JsonSchema[] | undefined;
  if (!branches) return undefined;
  const all: string[] = [];
  for (const branch of branches) {
    const types = typesOf(branch, defs);
    if (!types) return undefined;
    for (const type of types) if (!all.includes(type)) all.push(type);
  }
  return all;
}

function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const widen = (types: readonly string[]) => (types.includes("integer") ? [...types, "number"] : types);
  const wide = widen(b);
  return widen(a).some((type) => wide.includes(type));
}

const typeValue = (types: readonly string[]) => (types.length === 1 ? types[0] : [...types]);

function explainUnion(node: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema | undefined {
  const keyword = Array.isArray(node.oneOf) ? "oneOf" : "anyOf";
  const { [keyword]: list, ...rest } = node;
  const branches = list as JsonSchema[];
  const types = branches.map((branch) => typesOf(branch, defs));

  const known = types.every((t): t is string[] => t !== undefined);
  if (known && types.every((t, i) => types.slice(i + 1).every((u) => !overlaps(t, u)))) {
    if (rest.type !== undefined || rest.allOf !== undefined || rest.if !== undefined) return undefined;
    const isNull = (t: string[]) => t.length === 1 && t[0] === "null";
    const nonNull = branches.filter((_, i) => !isNull(types[i] as string[]));
    // Optional[X]: null passes, anything else is checked (and reported) as X, as Pydantic does.
    if (nonNull.length === 1 && branches.length === 2)
      return { ...rest, if: { type: "null" }, else: nonNull[0] };
    const checks = branches
      .map((branch, i) => ({ branch, types: types[i] as string[] }))
      .filter(({ branch }) => Object.keys(branch).some((key) => key !== "type"))
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then`, not a promise.
      .map(({ branch, types: own }) => ({ if: { type: typeValue(own) }, then: branch }));
    const all = [...new Set(types.flat())];
    return { ...rest, type: typeValue(all), ...(checks.length > 0 ? { allOf: checks } : {}) };
  }

  if (known) {
    const absorbing = branches.find((branch) => {
      const target = withoutAnnotations(resolve(branch, defs));
      const onlyType = Object.keys(target).every(
        (key) => key === "type" || (key === "additionalProperties" && target.additionalProperties === true),
      );
      const own = typesOf(branch, defs) as string[];
      return (
        onlyType &&
        own.length === 1 &&
        types.every((t) => t?.every((type) => type === own[0] || (type === "integer" && own[0] === "number")))
      );
    });
    if (absorbing) return Object.keys(rest).length === 0 ? absorbing : { ...rest, allOf: [absorbing] };
  }

  return defaultTagUnion(rest, branches, defs);
}

/**
 * `oneOf: [A, B]` of objects with a common property whose single-value enum tells them apart, where B
 * requires it and A does not (its default is A's value): `if {tag: B's value} then B else A`.
 */
function defaultTagUnion(
  rest: JsonSchema,
  branches: JsonSchema[],
  defs: Record<string, JsonSchema>,
): JsonSchema | undefined {
  if (branches.length !== 2 || Object.keys(rest).some((key) => key !== "type")) return undefined;
  const targets = branches.map((branch) => resolve(branch, defs));
  const tagOf = (target: JsonSchema, name: string) => {
    const values = (target.properties as Record<string, JsonSchema> | undefined)?.[name]?.enum;
    return Array.isArray(values) && values.length === 1 ? values[0] : undefined;
  };
  const requires = (target: JsonSchema, name: string) =>
    Array.isArray(target.required) && target.required.includes(name);
  const names = Object.keys((targets[0]?.properties ?? {}) as object);
  for (const name of names) {
    const [a, b] = targets as [JsonSchema, JsonSchema];
    const [tagA, tagB] = [tagOf(a, name), tagOf(b, name)];
    if (tagA === undefined || tagB === undefined || tagA === tagB) continue;
    const [tagged, fallback] =
      requires(b, name) && !requires(a, name)
        ? [1, 0]
        : requires(a, name) && !requires(b, name)
          ? [0, 1]
          : [-1, -1];
    if (tagged < 0) continue;
    const value = tagged === 0 ? tagA : tagB;
    return {
      ...rest,
      if: { type: "object", properties: { [name]: { const: value } }, required: [name] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then`, not a promise.
      then: branches[tagged],
      else: branches[fallback],
    };
  }
  return undefined;
}

/** An "at least one of" union after {@link simplifyAtLeastOne}: branches that only require a key. */
function isRequiredOnly(node: JsonSchema): boolean {
  const branches = (node.oneOf ?? node.anyOf) as JsonSchema[];
  return branches.every(
    (branch) =>
      Array.isArray(branch.required) &&
      Object.keys(branch).every((key) => key === "required" || key === "properties") &&
      Object.values((branch.properties ?? {}) as object).every((sub) => sub === true),
  );
}

/**
 * The strict variant reduced to what finds unknown keys: the shape (objects, arrays, references, and
 * the unions that choose a branch) and `additionalProperties: false`, without the checks of values,
 * which the lax validator already runs on the same input. Strict validation runs both; this keeps the
 * second one small.
 */
export function onlyKeyChecks(strict: JsonSchema): JsonSchema {
  const tagOf = new Map<string, string>();
  mapSchemas(strict, (node) => {
    const discriminator = node.discriminator as { propertyName?: string } | undefined;
    if (discriminator?.propertyName) {
      for (const branch of node.oneOf as JsonSchema[])
        tagOf.set(refName(branch) ?? "", discriminator.propertyName);
    }
    return node;
  });
  const withoutAtLeastOne = mapSchemas(strict, (node) => {
    if (!Array.isArray(node.allOf)) return node;
    const allOf = node.allOf.filter(
      (item) => !(isSchema(item) && Array.isArray(item.anyOf) && isRequiredOnly(item)),
    );
    const { allOf: _all, ...rest } = node;
    return allOf.length > 0 ? { ...rest, allOf } : rest;
  });
  const structural = [
    "$id",
    "$schema",
    "$defs",
    "$ref",
    "properties",
    "items",
    "additionalProperties",
    "oneOf",
  ];
  const applicators = ["allOf", "if", "then", "else", "discriminator"];
  return mapSchemas(withoutAtLeastOne, (node, path) => {
    const segments = path.split("/");
    // `if` conditions choose a branch by type: they stay whole.
    if (segments.some((s, i) => s === "if" && !["properties", "$defs"].includes(segments[i - 1] ?? "")))
      return node;
    const out: JsonSchema = {};
    for (const key of [...structural, ...applicators]) if (key in node) out[key] = node[key];
    const discriminator = node.discriminator as { propertyName?: string } | undefined;
    // ajv's discriminator needs its tag required, and each branch's tag enum.
    if (discriminator?.propertyName) out.required = [discriminator.propertyName];
    const branchTag = /^#\/\$defs\/([^/]+)\/properties\/([^/]+)$/.exec(path);
    if (branchTag && tagOf.get(branchTag[1] as string) === branchTag[2]) out.enum = node.enum;
    // strictTypes: keywords of objects and arrays need their type beside them.
    if (out.properties || out.additionalProperties !== undefined || out.items || out.discriminator)
      out.type = node.type;
    return out;
  });
}

/**
 * Writes every definition that is referenced exactly once in place of its reference (`keep`: the ones
 * exported on their own). ajv compiles each remaining reference to a function call, and on a valid
 * input those calls (with their `instancePath` strings) are most of the work; inlining a schema used
 * once duplicates no code.
 */
export function inlineSingleUse(document: JsonSchema, keep: readonly string[]): JsonSchema {
  const defs = document.$defs as Record<string, JsonSchema>;
  const uses = new Map<string, number>();
  mapSchemas(document, (node) => {
    const name = refName(node);
    if (name) uses.set(name, (uses.get(name) ?? 0) + 1);
    return node;
  });
  const inlined = new Map<string, JsonSchema>();
  const expand = (schema: JsonSchema): JsonSchema =>
    mapSchemas(schema, (node) => {
      const name = refName(node);
      if (!name || uses.get(name) !== 1 || keep.includes(name)) return node;
      const { $ref: _ref, ...siblings } = node;
      let target = inlined.get(name);
      if (!target) {
        target = expand(defs[name] as JsonSchema);
        inlined.set(name, target);
      }
      if (Object.keys(siblings).some((key) => key in target)) return node;
      return { ...target, ...siblings };
    });
  const $defs = Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, expand(def)]));
  return { ...document, $defs };
}
