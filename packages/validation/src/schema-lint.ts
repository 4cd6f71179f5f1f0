import type { ValidationDetail, ValidationIssue } from "./detail";
import { expectedList } from "./pydantic";

type Loc = (string | number)[];
type Schema = Record<string, unknown>;

const jsonTypes = ["array", "boolean", "integer", "null", "number", "object", "string"];

/**
 * Keywords the server's JSON mode does not support. VLM Run documents its JSON schema mode as
 * Fireworks AI's, and Fireworks lists these as unsupported: such a constraint may be ignored (so the
 * answer need not follow it) or the request refused.
 */
const unsupportedKeywords = ["oneOf", "minLength", "maxLength", "minItems", "maxItems", "pattern"];

const singleSchema = [
  "items",
  "additionalItems",
  "additionalProperties",
  "not",
  "if",
  "then",
  "else",
  "contains",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
];
const schemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const schemaMaps = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Lints a JSON Schema before it is sent as `response_format`'s schema: problems the server would
 * refuse or silently ignore, in the 422 `detail` shape (empty when there is nothing to say).
 *
 * | `type` | what |
 * | --- | --- |
 * | `dict_type` | the schema is not an object |
 * | `missing` | the root has no `type` (and no `$ref`, `allOf`, `anyOf`, `oneOf`, `enum` or `const`) |
 * | `literal_error` | a `type` that is not a JSON type |
 * | `ref_unresolved` | a `$ref` to a place the document does not have |
 * | `ref_external` | a `$ref` to another document (the server resolves only `#…` references) |
 * | `keyword_unsupported` | a keyword the server's JSON mode does not support (`ctx.keyword`) |
 *
 * `loc` starts at `options.loc`, by default `["body", "response_format", "schema"]`, where the client
 * sends the schema.
 */
export function checkResponseFormatSchema(
  schema: unknown,
  options: { loc?: readonly (string | number)[] } = {},
): ValidationDetail {
  const root: Loc = [...(options.loc ?? ["body", "response_format", "schema"])];
  if (!isObject(schema)) {
    return [{ loc: root, msg: "Input should be a valid dictionary", type: "dict_type", input: schema }];
  }
  const detail: ValidationIssue[] = [];
  const composes = ["type", "$ref", "allOf", "anyOf", "oneOf", "enum", "const"].some((k) => k in schema);
  if (!composes)
    detail.push({ loc: [...root, "type"], msg: "Field required", type: "missing", input: schema });

  const anchors = new Set<string>();
  walk(schema, [], (node) => {
    if (typeof node.$anchor === "string") anchors.add(node.$anchor);
  });
  walk(schema, [], (node, path) => {
    const at = [...root, ...path];
    if ("type" in node) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      if (types.some((t) => typeof t !== "string" || !jsonTypes.includes(t))) {
        const expected = expectedList(jsonTypes);
        detail.push({
          loc: [...at, "type"],
          msg: `Input should be ${expected}`,
          type: "literal_error",
          input: node.type,
          ctx: { expected },
        });
      }
    }
    if (typeof node.$ref === "string") {
      const problem = refProblem(schema, node.$ref, anchors);
      if (problem) detail.push({ loc: [...at, "$ref"], ...problem, input: node.$ref });
    }
    for (const keyword of unsupportedKeywords) {
      if (keyword in node) {
        detail.push({
          loc: [...at, keyword],
          msg: `The server's JSON schema mode does not support \`${keyword}\`; the answer may not follow it`,
          type: "keyword_unsupported",
          input: node[keyword],
          ctx: { keyword },
        });
      }
    }
  });
  return detail;
}

/** Calls `visit` on every subschema (keyword positions only: a property named `oneOf` is a name). */
function walk(node: Schema, path: Loc, visit: (node: Schema, path: Loc) => void): void {
  visit(node, path);
  for (const [key, value] of Object.entries(node)) {
    if (singleSchema.includes(key) && isObject(value)) walk(value, [...path, key], visit);
    if (schemaArrays.includes(key) && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (isObject(item)) walk(item, [...path, key, i], visit);
      });
    }
    if (schemaMaps.includes(key) && isObject(value)) {
      for (const [name, child] of Object.entries(value))
        if (isObject(child)) walk(child, [...path, key, name], visit);
    }
  }
}

function refProblem(
  root: Schema,
  ref: string,
  anchors: Set<string>,
): { msg: string; type: string } | undefined {
  if (!ref.startsWith("#")) {
    return {
      msg: `The server resolves only references inside the schema (\`#/…\`), not ${ref}`,
      type: "ref_external",
    };
  }
  const fragment = decodeURIComponent(ref.slice(1));
  if (fragment !== "" && !fragment.startsWith("/")) {
    return anchors.has(fragment)
      ? undefined
      : { msg: `No \`$anchor\` named ${fragment} in the schema`, type: "ref_unresolved" };
  }
  let target: unknown = root;
  for (const raw of fragment.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    target = Array.isArray(target) ? target[Number(key)] : isObject(target) ? target[key] : undefined;
    if (target === undefined)
      return { msg: `${ref} does not resolve inside the schema`, type: "ref_unresolved" };
  }
  return undefined;
}
