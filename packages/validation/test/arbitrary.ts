import fc from "fast-check";
import { specSchemas } from "../src/generated/ajv/spec-schemas";

type Schema = Record<string, unknown>;
const defs = specSchemas.$defs as unknown as Record<string, Schema>;

/**
 * Values valid against a spec schema, generated from the schema itself (the subset of JSON Schema the
 * spec uses; anything else throws, so a new construct in the spec cannot be skipped silently).
 */
export function validValue(name: string): fc.Arbitrary<unknown> {
  return fromSchema(defs[name] as Schema);
}

const cache = new Map<string, fc.Arbitrary<unknown>>();

function fromSchema(schema: Schema): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/$defs/", "");
    let arbitrary = cache.get(name);
    if (!arbitrary) {
      arbitrary = fc.constant(null).chain(() => fromSchema(defs[name] as Schema));
      cache.set(name, arbitrary);
    }
    return arbitrary;
  }
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branches) return fc.oneof(...branches.map(fromSchema));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) {
    return fc.oneof(...(schema.type as string[]).map((type) => fromSchema({ ...schema, type })));
  }
  switch (schema.type) {
    case "string":
      return fc.string({ maxLength: 12 });
    case "integer":
      return fc.integer({
        min: typeof schema.minimum === "number" ? schema.minimum : -1e6,
        max: typeof schema.maximum === "number" ? schema.maximum : 1e9,
      });
    case "number":
      return fc.double({
        min: typeof schema.minimum === "number" ? schema.minimum : -1e6,
        max: typeof schema.maximum === "number" ? schema.maximum : 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(fromSchema(schema.items as Schema), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.max(2, (schema.minItems as number | undefined) ?? 0),
      });
    case "object":
      return object(schema);
    case undefined:
      if (Object.keys(schema).every((k) => k === "description")) return fc.jsonValue({ maxDepth: 2 });
  }
  throw new Error(`arbitrary: unsupported schema ${JSON.stringify(schema).slice(0, 120)}`);
}

function object(schema: Schema): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  if (Object.keys(properties).length === 0) {
    return fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
  }
  const required = (schema.required ?? []) as string[];
  const record = (alsoRequired: string[]) =>
    fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, fromSchema(s)])), {
      requiredKeys: [...required, ...alsoRequired],
    });
  const allOf = schema.allOf as { anyOf: { required: string[] }[] }[] | undefined;
  if (!allOf) return record([]);
  // "At least one of": pick an alternative and require its keys.
  return fc.oneof(...(allOf[0]?.anyOf ?? []).map((branch) => record(branch.required)));
}

/** `value` with one subtree (or the whole) replaced by arbitrary JSON. */
export function mutated(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(value, fc.jsonValue({ maxDepth: 2 }), fc.nat()).map(([base, replacement, pick]) => {
    const paths: (string | number)[][] = [[]];
    const walk = (node: unknown, path: (string | number)[]) => {
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) walk(child, [...path, i]);
      } else if (node !== null && typeof node === "object")
        for (const [k, child] of Object.entries(node)) walk(child, [...path, k]);
      if (path.length > 0) paths.push(path);
    };
    walk(base, []);
    const path = paths[pick % paths.length] as (string | number)[];
    if (path.length === 0) return replacement;
    const copy = structuredClone(base) as Record<string | number, unknown>;
    let parent: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path.at(-1) as string | number] = replacement;
    return copy;
  });
}
