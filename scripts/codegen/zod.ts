import type { Generator } from "./generator";
import { generatedHeader } from "./header";
import { componentSchemasDocument } from "./json-schema";
import { isSchema, mapSchemas, refName } from "./schema-walk";
import type { JsonSchema, Spec } from "./spec";

const outDir = "packages/validation/src/generated/zod";

/**
 * zod v4 schemas for every component schema, written by this small generator rather than a third-party
 * one: it reads the same JSON Schema document as the ajv generator, and it writes the spec's shapes so
 * that each schema's `z.output` and the openapi-typescript type are mutually assignable — a discriminated
 * union of loose objects, a nullable field as `.nullable()`, and "at least one of `a`, `b`" as a union of
 * objects that each require one of them (the `Base & ({a} | {b})` openapi-typescript writes).
 *
 * Objects are `z.looseObject`: the spec never forbids unknown keys, so parsing keeps them. Integers are
 * any integral number (`Number.isInteger`), as in JSON Schema and ajv; zod's `.int()` also caps them at
 * 2^53.
 */
export const zodGenerator: Generator = {
  name: "scripts/codegen/zod.ts",
  ownedDirs: [outDir],
  generate(spec: Spec) {
    const defs = componentSchemasDocument(spec.document).$defs as Record<string, JsonSchema>;
    const order = definitionOrder(defs);
    const writer = new ZodWriter(defs, new Set<string>());
    const lines: string[] = [
      'import { z } from "zod";',
      "",
      "/** An integral JSON number (JSON Schema's `integer`), without zod's safe-integer cap. */",
      'const integer = () => z.number().refine(Number.isInteger, { message: "Invalid input: expected an integer" });',
      "",
    ];
    for (const name of order) {
      const def = defs[name] as JsonSchema;
      const description = typeof def.description === "string" ? def.description.trim() : "";
      if (description) lines.push(`/** ${description.replaceAll("*/", "*\\/").replaceAll("\n", "\n * ")} */`);
      lines.push(`export const ${name}Schema = ${writer.schema(def)};`);
      writer.defined.add(name);
      lines.push("");
    }
    const header = generatedHeader(this.name, spec);
    return [{ path: `${outDir}/schemas.ts`, contents: `${header}\n${lines.join("\n")}` }];
  },
};

/**
 * The spec's order, except that a definition comes after the ones it references (a reference back, in
 * a cycle, becomes `z.lazy`).
 */
function definitionOrder(defs: Record<string, JsonSchema>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of directRefs(defs[name] as JsonSchema)) visit(dep);
    order.push(name);
  };
  for (const name of Object.keys(defs)) visit(name);
  return order;
}

/** The definitions a schema references itself, in the order they appear. */
function directRefs(schema: JsonSchema): string[] {
  const found: string[] = [];
  mapSchemas(schema, (node) => {
    const name = refName(node);
    if (name && !found.includes(name)) found.push(name);
    return node;
  });
  return found;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string) => (identifier.test(name) ? name : JSON.stringify(name));

class ZodWriter {
  constructor(
    private readonly defs: Record<string, JsonSchema>,
    readonly defined: Set<string>,
  ) {}

  schema(schema: JsonSchema): string {
    const ref = refName(schema);
    if (ref) return this.defined.has(ref) ? `${ref}Schema` : `z.lazy(() => ${ref}Schema)`;
    if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return this.union(schema);
    if (Array.isArray(schema.allOf)) return this.object(schema);
    if (Array.isArray(schema.type)) return this.typeList(schema);
    if (Array.isArray(schema.enum)) return literals(schema.enum);
    if ("const" in schema) return `z.literal(${JSON.stringify(schema.const)})`;
    switch (schema.type) {
      case "string":
        return `z.string()${stringChecks(schema)}`;
      case "integer":
        return `integer()${numberChecks(schema)}`;
      case "number":
        return `z.number()${numberChecks(schema)}`;
      case "boolean":
        return "z.boolean()";
      case "null":
        return "z.null()";
      case "array":
        return `z.array(${isSchema(schema.items) ? this.schema(schema.items) : "z.unknown()"})${arrayChecks(schema)}`;
      case "object":
        return this.object(schema);
      case undefined:
        return "z.unknown()";
      default:
        throw new Error(`zod generator: unknown type ${JSON.stringify(schema.type)}`);
    }
  }

  /** `type: [T, "null"]` (the only union type the spec writes) and, generally, a union of types. */
  private typeList(schema: JsonSchema): string {
    const types = schema.type as string[];
    const nonNull = types.filter((t) => t !== "null");
    const parts = nonNull.map((type) => this.schema({ ...schema, type }));
    const base = parts.length === 1 ? (parts[0] as string) : `z.union([${parts.join(", ")}])`;
    return types.includes("null") ? `${base}.nullable()` : base;
  }

  private union(schema: JsonSchema): string {
    const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[];
    const discriminator = schema.discriminator as { propertyName?: string } | undefined;
    // zod's discriminatedUnion takes objects only; a branch that is itself a union ("at least one of")
    // makes it a plain union, which accepts the same values.
    const objectsOnly = branches.every((b) => {
      const target = this.defs[refName(b) ?? ""] ?? b;
      return !target.allOf && !target.oneOf && !target.anyOf;
    });
    if (discriminator?.propertyName && objectsOnly) {
      const options = branches.map((b) => this.schema(b));
      return `z.discriminatedUnion(${JSON.stringify(discriminator.propertyName)}, [${options.join(", ")}])`;
    }
    const isNull = (b: JsonSchema) =>
      b.type === "null" && Object.keys(b).every((k) => k === "type" || k === "description");
    const nonNull = branches.filter((b) => !isNull(b));
    const parts = nonNull.map((b) => this.schema(b));
    const base = parts.length === 1 ? (parts[0] as string) : `z.union([${parts.join(", ")}])`;
    return nonNull.length < branches.length ? `${base}.nullable()` : base;
  }

  private object(schema: JsonSchema): string {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    if (Object.keys(properties).length === 0 && !schema.allOf) {
      const values = isSchema(schema.additionalProperties)
        ? this.schema(schema.additionalProperties)
        : "z.unknown()";
      return `z.record(z.string(), ${values})`;
    }
    const kind = schema.additionalProperties === false ? "z.strictObject" : "z.looseObject";
    const shape = (requiredNow: Set<string>) => {
      const fields = Object.entries(properties).map(([name, sub]) => {
        const value = this.schema(sub);
        return `${key(name)}: ${requiredNow.has(name) ? value : `${value}.optional()`}`;
      });
      return `${kind}({ ${fields.join(", ")} })`;
    };
    const alternatives = atLeastOneOf(schema);
    if (!alternatives) return shape(required);
    // "At least one of": one object per alternative, each requiring its own key.
    const options = alternatives.map((names) => shape(new Set([...required, ...names])));
    return `z.union([${options.join(", ")}])`;
  }
}

/**
 * The alternatives of openapi/README.md's "at least one of `a`, `b`" shape,
 * `allOf: [{anyOf: [{required: [a], …}, {required: [b], …}]}]`; throws on any other `allOf`.
 */
function atLeastOneOf(schema: JsonSchema): string[][] | undefined {
  if (!Array.isArray(schema.allOf)) return undefined;
  const [only, ...more] = schema.allOf as JsonSchema[];
  const branches = only?.anyOf;
  const fits =
    more.length === 0 &&
    Array.isArray(branches) &&
    branches.every((b) => isSchema(b) && Array.isArray(b.required) && b.required.length > 0);
  if (!fits) throw new Error("zod generator: allOf is supported only in the spec's 'at least one of' shape");
  return (branches as JsonSchema[]).map((b) => b.required as string[]);
}

function literals(values: unknown[]): string {
  if (values.length === 1) return `z.literal(${JSON.stringify(values[0])})`;
  if (values.every((v) => typeof v === "string")) return `z.enum(${JSON.stringify(values)})`;
  return `z.union([${values.map((v) => `z.literal(${JSON.stringify(v)})`).join(", ")}])`;
}

function numberChecks(schema: JsonSchema): string {
  let out = "";
  if (typeof schema.minimum === "number") out += `.gte(${schema.minimum})`;
  if (typeof schema.maximum === "number") out += `.lte(${schema.maximum})`;
  if (typeof schema.exclusiveMinimum === "number") out += `.gt(${schema.exclusiveMinimum})`;
  if (typeof schema.exclusiveMaximum === "number") out += `.lt(${schema.exclusiveMaximum})`;
  return out;
}

function stringChecks(schema: JsonSchema): string {
  let out = "";
  if (typeof schema.minLength === "number") out += `.min(${schema.minLength})`;
  if (typeof schema.maxLength === "number") out += `.max(${schema.maxLength})`;
  if (typeof schema.pattern === "string") out += `.regex(new RegExp(${JSON.stringify(schema.pattern)}, "u"))`;
  return out;
}

function arrayChecks(schema: JsonSchema): string {
  let out = "";
  if (typeof schema.minItems === "number") out += `.min(${schema.minItems})`;
  if (typeof schema.maxItems === "number") out += `.max(${schema.maxItems})`;
  return out;
}
