import type { Change, Direction, Severity } from "./change";
import { type Document, isNode, type Node, refName, resolve } from "./refs";

/** Shared state of one spec comparison: both documents, and the changes found so far. */
export interface DiffContext {
  readonly oldDoc: Document;
  readonly newDoc: Document;
  readonly changes: Change[];
  /** `$ref` pairs already compared per direction: each schema is reported once, and cycles end. */
  readonly seen: Set<string>;
}

/** How a change counts in each direction. */
interface Effect {
  readonly request: Severity;
  readonly response: Severity;
}

/** Accepts less (or promises more): old requests may fail; responses are only more predictable. */
const narrows: Effect = { request: "breaking", response: "patch" };
/** Accepts more (or promises less): requests are fine; clients may receive what they do not handle. */
const widens: Effect = { request: "addition", response: "breaking" };
/** Something clients may have relied on is gone, whichever way the data travels. */
const removes: Effect = { request: "breaking", response: "breaking" };
/** Something optional is new, whichever way the data travels. */
const adds: Effect = { request: "addition", response: "addition" };
const documents: Effect = { request: "patch", response: "patch" };

const docKeywords = new Set([
  "description",
  "title",
  "summary",
  "example",
  "examples",
  "$comment",
  "externalDocs",
  "deprecated",
  "readOnly",
  "writeOnly",
]);
const lowerBounds = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const upperBounds = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
const exactRules = ["pattern", "format", "multipleOf", "uniqueItems"];
const handledKeywords = new Set([
  ...docKeywords,
  ...lowerBounds,
  ...upperBounds,
  ...exactRules,
  "type",
  "nullable",
  "enum",
  "const",
  "properties",
  "required",
  "items",
  "additionalProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "discriminator",
  "$ref",
  "default",
]);

/** Compares two schemas (or `$ref`s to them) that describe data travelling in `direction`. */
export function diffSchema(
  ctx: DiffContext,
  direction: Direction,
  oldValue: unknown,
  newValue: unknown,
  location: string,
): void {
  const before = resolve(ctx.oldDoc, oldValue);
  const after = resolve(ctx.newDoc, newValue);
  // A schema named on both sides is reported under its name (once per direction, which also ends
  // recursion); where one side is inline, the path from the operation says more.
  let at = location;
  if (before.ref && after.ref) {
    at = refName(after.ref);
    const key = `${direction}|${before.ref}|${after.ref}`;
    if (ctx.seen.has(key)) return;
    ctx.seen.add(key);
  }
  const oldFlat = flatten(ctx.oldDoc, before.node ?? {});
  const newFlat = flatten(ctx.newDoc, after.node ?? {});
  const emit = (effect: Effect, where: string, message: string) =>
    ctx.changes.push({ severity: effect[direction], direction, location: where, message });

  compareDocs(oldFlat, newFlat, at, emit);
  compareUnknownKeywords(oldFlat, newFlat, at, emit);

  // A union on one side only (`string` → `string | array`, `Ref` → `Ref | null`): compare the variants,
  // treating the plain side as a one-variant union, and nothing else at this level.
  if (oldFlat.union || newFlat.union) {
    compareVariants(ctx, direction, { before: oldValue, after: newValue }, oldFlat, newFlat, at, emit);
    if (!oldFlat.union || !newFlat.union) return;
  }
  compareTypes(oldFlat, newFlat, at, emit);
  compareEnums(oldFlat, newFlat, at, direction, emit);
  compareBounds(oldFlat, newFlat, at, emit);
  compareDefault(oldFlat, newFlat, at, emit);
  compareProperties(ctx, direction, oldFlat, newFlat, at, emit);
  if (oldFlat.keywords.items !== undefined || newFlat.keywords.items !== undefined) {
    diffSchema(ctx, direction, oldFlat.keywords.items, newFlat.keywords.items, `${at}[]`);
  }
  compareAdditionalProperties(ctx, direction, oldFlat, newFlat, at, emit);
}

type Emit = (effect: Effect, location: string, message: string) => void;

/** A schema with its `allOf` merged in: one set of properties, one `required`, one union. */
interface Flat {
  readonly keywords: Node;
  readonly properties: Map<string, unknown>;
  readonly required: Set<string>;
  readonly union?: { readonly branches: readonly unknown[]; readonly tag?: string };
}

function flatten(document: Document, node: Node): Flat {
  const keywords: Node = {};
  const properties = new Map<string, unknown>();
  const required = new Set<string>();
  let union: Flat["union"];
  const visit = (part: Node) => {
    for (const [key, value] of Object.entries(part)) {
      if (key === "allOf" && Array.isArray(value)) {
        for (const item of value) visit(resolve(document, item).node ?? {});
      } else if (key === "properties" && isNode(value)) {
        for (const [name, schema] of Object.entries(value))
          if (!properties.has(name)) properties.set(name, schema);
      } else if (key === "required" && Array.isArray(value)) {
        for (const name of value) required.add(String(name));
      } else if ((key === "anyOf" || key === "oneOf") && Array.isArray(value) && !union) {
        const discriminator = isNode(part.discriminator) ? part.discriminator : undefined;
        const tag = typeof discriminator?.propertyName === "string" ? discriminator.propertyName : undefined;
        union = { branches: value, ...(tag ? { tag } : {}) };
      } else if (!(key in keywords)) {
        keywords[key] = value;
      }
    }
  };
  visit(node);
  return { keywords, properties, required, ...(union ? { union } : {}) };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function compareDocs(oldFlat: Flat, newFlat: Flat, at: string, emit: Emit): void {
  const changed = [...docKeywords].filter((k) => !same(oldFlat.keywords[k], newFlat.keywords[k]));
  const extensions = new Set(
    [...Object.keys(oldFlat.keywords), ...Object.keys(newFlat.keywords)].filter((k) => k.startsWith("x-")),
  );
  for (const k of extensions) if (!same(oldFlat.keywords[k], newFlat.keywords[k])) changed.push(k);
  if (changed.length > 0) emit(documents, at, `documentation changed (${changed.join(", ")})`);
}

function compareUnknownKeywords(oldFlat: Flat, newFlat: Flat, at: string, emit: Emit): void {
  const keys = new Set([...Object.keys(oldFlat.keywords), ...Object.keys(newFlat.keywords)]);
  for (const key of keys) {
    if (handledKeywords.has(key) || key.startsWith("x-")) continue;
    if (!same(oldFlat.keywords[key], newFlat.keywords[key])) {
      emit(removes, at, `\`${key}\` changed, which spec:diff cannot classify: review it by hand`);
    }
  }
}

function typeSet(flat: Flat): Set<string> | undefined {
  const type = flat.keywords.type;
  if (type === undefined) return undefined;
  const types = new Set((Array.isArray(type) ? type : [type]).map(String));
  if (flat.keywords.nullable === true) types.add("null");
  return types;
}

/** Whether a value of JSON type `type` is accepted by a schema of `types` (integer ⊂ number). */
function accepts(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === "integer" && types.has("number"));
}

function compareTypes(oldFlat: Flat, newFlat: Flat, at: string, emit: Emit): void {
  const before = typeSet(oldFlat);
  const after = typeSet(newFlat);
  if (same(before && [...before].sort(), after && [...after].sort())) return;
  if (!before && after) {
    emit(narrows, at, `type restricted to ${[...after].join(" | ")}`);
    return;
  }
  if (before && !after) {
    emit(widens, at, `type no longer restricted (was ${[...before].join(" | ")})`);
    return;
  }
  if (!before || !after) return;
  const lost = [...before].filter((t) => !accepts(after, t));
  const gained = [...after].filter((t) => !accepts(before, t));
  const from = `${[...before].join(" | ")} → ${[...after].join(" | ")}`;
  if (lost.length > 0) emit(narrows, at, `type narrowed: ${from} (no longer ${lost.join(", ")})`);
  if (gained.length > 0) emit(widens, at, `type widened: ${from} (now also ${gained.join(", ")})`);
}

function enumValues(flat: Flat): unknown[] | undefined {
  if (Array.isArray(flat.keywords.enum)) return flat.keywords.enum;
  if ("const" in flat.keywords) return [flat.keywords.const];
  return undefined;
}

function compareEnums(oldFlat: Flat, newFlat: Flat, at: string, direction: Direction, emit: Emit): void {
  const before = enumValues(oldFlat);
  const after = enumValues(newFlat);
  if (!before && !after) return;
  if (!before && after) {
    emit(narrows, at, `now restricted to ${after.map(show).join(", ")}`);
    return;
  }
  if (before && !after) {
    emit(widens, at, `no longer restricted to ${before.map(show).join(", ")}`);
    return;
  }
  if (!before || !after) return;
  const removed = before.filter((v) => !after.some((w) => same(v, w)));
  const added = after.filter((v) => !before.some((w) => same(v, w)));
  if (removed.length > 0) emit(removes, at, `enum value removed: ${removed.map(show).join(", ")}`);
  if (added.length > 0) {
    const note = direction === "response" ? " (clients that switch on it should expect new values)" : "";
    emit(adds, at, `enum value added: ${added.map(show).join(", ")}${note}`);
  }
}

function compareBounds(oldFlat: Flat, newFlat: Flat, at: string, emit: Emit): void {
  const loosens: Effect = { request: "addition", response: "patch" };
  const check = (key: string, tighter: (before: number, after: number) => boolean) => {
    const before = oldFlat.keywords[key];
    const after = newFlat.keywords[key];
    if (same(before, after)) return;
    if (before === undefined) emit(narrows, at, `\`${key}: ${show(after)}\` added`);
    else if (after === undefined) emit(loosens, at, `\`${key}: ${show(before)}\` removed`);
    else if (typeof before === "number" && typeof after === "number" && !tighter(before, after)) {
      emit(loosens, at, `\`${key}\` relaxed: ${before} → ${after}`);
    } else emit(narrows, at, `\`${key}\` tightened: ${show(before)} → ${show(after)}`);
  };
  for (const key of lowerBounds) check(key, (before, after) => after > before);
  for (const key of upperBounds) check(key, (before, after) => after < before);
  for (const key of exactRules) check(key, () => true);
}

function compareDefault(oldFlat: Flat, newFlat: Flat, at: string, emit: Emit): void {
  const before = oldFlat.keywords.default;
  const after = newFlat.keywords.default;
  if (same(before, after)) return;
  emit(documents, at, `default changed: ${show(before) ?? "none"} → ${show(after) ?? "none"}`);
}

function compareProperties(
  ctx: DiffContext,
  direction: Direction,
  oldFlat: Flat,
  newFlat: Flat,
  at: string,
  emit: Emit,
): void {
  for (const [name, schema] of oldFlat.properties) {
    if (!newFlat.properties.has(name)) emit(removes, `${at}.${name}`, "field removed");
    else diffSchema(ctx, direction, schema, newFlat.properties.get(name), `${at}.${name}`);
  }
  for (const name of newFlat.properties.keys()) {
    if (oldFlat.properties.has(name)) continue;
    const isRequired = newFlat.required.has(name);
    if (direction === "request" && isRequired) emit(removes, `${at}.${name}`, "new required field");
    else emit(adds, `${at}.${name}`, isRequired ? "field added" : "optional field added");
  }
  const names = new Set([...oldFlat.required, ...newFlat.required]);
  for (const name of names) {
    const added = oldFlat.properties.has(name) !== newFlat.properties.has(name);
    if (added || oldFlat.required.has(name) === newFlat.required.has(name)) continue;
    if (newFlat.required.has(name)) emit(narrows, `${at}.${name}`, "optional → required");
    else emit(widens, `${at}.${name}`, "required → optional");
  }
}

function compareAdditionalProperties(
  ctx: DiffContext,
  direction: Direction,
  oldFlat: Flat,
  newFlat: Flat,
  at: string,
  emit: Emit,
): void {
  const before = oldFlat.keywords.additionalProperties;
  const after = newFlat.keywords.additionalProperties;
  if (same(before, after)) return;
  if (after === false) emit(narrows, at, "no longer allows other fields (additionalProperties: false)");
  else if (before === false) emit(widens, at, "now allows other fields");
  else if (isNode(before) || isNode(after)) {
    diffSchema(ctx, direction, isNode(before) ? before : {}, isNode(after) ? after : {}, `${at}{}`);
  }
}

interface Variant {
  readonly key: string;
  /** `type` variants (`null`, `string`, …) narrow and widen; named variants are added and removed. */
  readonly kind: "type" | "named";
  readonly label: string;
  readonly schema: unknown;
  /** The JSON types the variant accepts, when known: pairs variants whose keys differ. */
  readonly types?: Set<string>;
  /** Tagged variants of a discriminated union pair by tag only. */
  readonly tagged: boolean;
}

function typesOf(node: Node | undefined): Set<string> | undefined {
  if (!node) return undefined;
  if (node.type !== undefined)
    return new Set((Array.isArray(node.type) ? node.type : [node.type]).map(String));
  if (isNode(node.properties)) return new Set(["object"]);
  return undefined;
}

/** A plain schema as a union of one variant per JSON type, so it can meet a union on the other side. */
function plainVariants(flat: Flat, original: unknown): Variant[] {
  const types = typeSet(flat);
  if (!types || types.size <= 1) {
    const label = types ? [...types].join("") : "any";
    return [
      {
        key: `type:${label}`,
        kind: "type",
        label,
        schema: original,
        tagged: false,
        ...(types ? { types } : {}),
      },
    ];
  }
  const base = {
    ...flat.keywords,
    properties: Object.fromEntries(flat.properties),
    required: [...flat.required],
  };
  return [...types].map((type) => ({
    key: `type:${type}`,
    kind: "type",
    label: type,
    schema: type === "null" ? { type } : { ...base, type, nullable: undefined },
    types: new Set([type]),
    tagged: false,
  }));
}

function unionVariants(document: Document, union: NonNullable<Flat["union"]>): Variant[] {
  const { branches, tag } = union;
  const variants = branches.map((branch, index): Variant => {
    const { node, ref } = resolve(document, branch);
    const types = typesOf(node);
    const common = { schema: branch, ...(types ? { types } : {}) };
    const tagSchema = tag && node && isNode(node.properties) ? node.properties[tag] : undefined;
    const tagValue = isNode(tagSchema)
      ? Array.isArray(tagSchema.enum) && tagSchema.enum.length === 1
        ? tagSchema.enum[0]
        : tagSchema.const
      : undefined;
    if (tagValue !== undefined) {
      const label = `${tag}: ${show(tagValue)}`;
      return { ...common, key: `${tag}=${show(tagValue)}`, kind: "named", label, tagged: true };
    }
    if (ref)
      return { ...common, key: `ref:${refName(ref)}`, kind: "named", label: refName(ref), tagged: false };
    if (typeof node?.type === "string" && !node.properties) {
      return { ...common, key: `type:${node.type}`, kind: "type", label: node.type, tagged: false };
    }
    if (Array.isArray(node?.required) && node.required.length === 1) {
      const name = String(node.required[0]);
      return {
        ...common,
        key: `required:${name}`,
        kind: "named",
        label: `the variant requiring ${name}`,
        tagged: false,
      };
    }
    return { ...common, key: `#${index}`, kind: "named", label: `variant #${index + 1}`, tagged: false };
  });
  const counts = new Map<string, number>();
  for (const v of variants) counts.set(v.key, (counts.get(v.key) ?? 0) + 1);
  return variants.map((v, i) => ((counts.get(v.key) ?? 0) > 1 ? { ...v, key: `${v.key}#${i}` } : v));
}

/** Pairs old and new variants: by key, then (untagged only) by the one variant of intersecting type. */
function pairVariants(before: Variant[], after: Variant[]): Map<Variant, Variant> {
  const pairs = new Map<Variant, Variant>();
  const taken = new Set<Variant>();
  for (const variant of before) {
    const match = after.find((v) => v.key === variant.key);
    if (match) {
      pairs.set(variant, match);
      taken.add(match);
    }
  }
  for (const variant of before) {
    if (pairs.has(variant) || variant.tagged || !variant.types) continue;
    const candidates = after.filter(
      (v) => !taken.has(v) && !v.tagged && v.types && [...v.types].some((t) => variant.types?.has(t)),
    );
    const [only] = candidates;
    if (only && candidates.length === 1) {
      pairs.set(variant, only);
      taken.add(only);
    }
  }
  return pairs;
}

function compareVariants(
  ctx: DiffContext,
  direction: Direction,
  original: { readonly before: unknown; readonly after: unknown },
  oldFlat: Flat,
  newFlat: Flat,
  at: string,
  emit: Emit,
): void {
  if (oldFlat.union?.tag && newFlat.union?.tag && oldFlat.union.tag !== newFlat.union.tag) {
    emit(removes, at, `discriminator changed: ${oldFlat.union.tag} → ${newFlat.union.tag}`);
  }
  const before = oldFlat.union
    ? unionVariants(ctx.oldDoc, oldFlat.union)
    : plainVariants(oldFlat, original.before);
  const after = newFlat.union
    ? unionVariants(ctx.newDoc, newFlat.union)
    : plainVariants(newFlat, original.after);
  const pairs = pairVariants(before, after);
  const bothUnions = oldFlat.union && newFlat.union;
  for (const variant of before) {
    const match = pairs.get(variant);
    if (match) {
      diffSchema(ctx, direction, variant.schema, match.schema, bothUnions ? `${at}<${match.label}>` : at);
    } else if (variant.kind === "type") {
      emit(
        narrows,
        at,
        variant.label === "null" ? "no longer nullable" : `type narrowed: no longer ${variant.label}`,
      );
    } else emit(removes, at, `union variant removed: ${variant.label}`);
  }
  const paired = new Set(pairs.values());
  for (const variant of after) {
    if (paired.has(variant)) continue;
    if (variant.kind === "type") {
      emit(widens, at, variant.label === "null" ? "now nullable" : `type widened: now also ${variant.label}`);
    } else emit(adds, at, `union variant added: ${variant.label}`);
  }
}
