import type { JsonSchema } from "./spec";

/** Keywords whose value is one subschema. */
const singleSchemaKeywords = new Set([
  "items",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
]);
/** Keywords whose value is an array of subschemas. */
const schemaArrayKeywords = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/** Keywords whose value maps names to subschemas (the names are data, not keywords). */
const schemaMapKeywords = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

export type SchemaVisitor = (schema: JsonSchema, path: string) => JsonSchema;

/**
 * Rebuilds `schema` bottom-up, calling `visit` on every subschema (children first) with its JSON pointer
 * from the root. Names under `properties` or `$defs` are never mistaken for keywords, so a property called
 * `description` survives a pass that drops the `description` keyword.
 */
export function mapSchemas(schema: JsonSchema, visit: SchemaVisitor, path = "#"): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    const at = `${path}/${key}`;
    if (singleSchemaKeywords.has(key) && isSchema(value)) out[key] = mapSchemas(value, visit, at);
    else if (schemaArrayKeywords.has(key) && Array.isArray(value))
      out[key] = value.map((item, i) => (isSchema(item) ? mapSchemas(item, visit, `${at}/${i}`) : item));
    else if (schemaMapKeywords.has(key) && isSchema(value))
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [
          name,
          isSchema(child) ? mapSchemas(child, visit, `${at}/${escapePointer(name)}`) : child,
        ]),
      );
    else out[key] = value;
  }
  return visit(out, path);
}

export function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function escapePointer(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The `$defs` name a local `#/$defs/Name` reference points at, or undefined for any other reference. */
export function refName(schema: JsonSchema): string | undefined {
  const ref = schema.$ref;
  return typeof ref === "string" && ref.startsWith("#/$defs/") ? ref.slice("#/$defs/".length) : undefined;
}

/** The names of the `$defs` reachable from `roots` through local references. */
export function reachableDefs(defs: Record<string, JsonSchema>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    const def = defs[name];
    if (!def) throw new Error(`$defs/${name} does not exist`);
    seen.add(name);
    mapSchemas(def, (node) => {
      const target = refName(node);
      if (target) pending.push(target);
      return node;
    });
  }
  return seen;
}
