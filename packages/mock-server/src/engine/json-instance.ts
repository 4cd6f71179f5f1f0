import { sampleRegex } from "./regex-sample";

type SchemaObject = Record<string, unknown>;
type Schema = boolean | SchemaObject;

export interface InstanceOptions {
  /** Makes the n choices of one request differ: it shifts numbers, enum picks and string suffixes. */
  variant: number;
  /** Another try after a failed check: picks other `anyOf`/`oneOf` branches and enum values. */
  attempt?: number;
  /**
   * A string for a `pattern` the caller fills itself (an artifact ref's id must name the artifact the
   * answer made, not a sample of the pattern); undefined leaves it to the sampler.
   */
  patternValue?: (pattern: string) => string | undefined;
}

/** The schema asks for something this generator cannot build (a remote `$ref`, a flood, endless recursion). */
export class UnsupportedSchemaError extends Error {
  override name = "UnsupportedSchemaError";
}

/** The schema provably admits no value at all (a `false` schema, an empty enum, contradicting bounds). */
export class UnsatisfiableSchemaError extends UnsupportedSchemaError {
  override name = "UnsatisfiableSchemaError";
}

/** Below this depth objects get every declared property and arrays two items; deeper, only what is required. */
const FULL_DEPTH = 4;
/** Past this depth the schema recurses without end through required properties or minimum items. */
const MAX_DEPTH = 32;
const DEFAULT_ITEMS = 2;
/** Largest length, item count or property count the generator builds: past it a schema asks for a flood. */
export const MAX_SIZE = 10_000;

/**
 * Builds a JSON value from a JSON Schema, deterministically: the same schema and options always give
 * the same value. It aims at validity for the keywords structured outputs use (types, properties,
 * required, enum, const, bounds, lengths, formats, patterns, items, prefixItems, $ref/$defs, allOf,
 * anyOf, oneOf); callers check the result with a real validator, because `not`, `if`/`then` and
 * cross-keyword conflicts are not solved here.
 */
export function generateInstance(root: Schema, options: InstanceOptions): unknown {
  return new InstanceGenerator(root, options.variant, options.attempt ?? 0, options.patternValue).value(
    root,
    undefined,
    0,
  );
}

class InstanceGenerator {
  constructor(
    private readonly root: Schema,
    private readonly variant: number,
    private readonly attempt: number,
    private readonly patternValue: InstanceOptions["patternValue"],
  ) {}

  value(input: Schema, key: string | undefined, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new UnsupportedSchemaError("the schema recurses deeper than 32 levels");
    if (input === true) return this.freeString(key);
    if (input === false) throw new UnsatisfiableSchemaError("a `false` schema admits no value");
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new UnsupportedSchemaError(`${JSON.stringify(input)} is not a schema`);
    }
    const schema = this.flatten(input, depth);
    if ("const" in schema) return schema.const;
    if (Array.isArray(schema.enum)) {
      if (schema.enum.length === 0) throw new UnsatisfiableSchemaError("an empty `enum` admits no value");
      return schema.enum[(this.variant + this.attempt) % schema.enum.length];
    }
    const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (Array.isArray(branches) && branches.length > 0) {
      const { anyOf: _anyOf, oneOf: _oneOf, ...base } = schema;
      return this.value(mergeSchemas([base, this.pickBranch(branches)]), key, depth + 1);
    }
    switch (pickType(schema)) {
      case "null":
        return null;
      case "boolean":
        return this.variant % 2 === 0;
      case "integer":
        return this.number(schema, true);
      case "number":
        return this.number(schema, false);
      case "array":
        return this.array(schema, key, depth);
      case "object":
        return this.object(schema, depth);
      default:
        return this.string(schema, key);
    }
  }

  /** Resolves `$ref` and folds `allOf` into one schema. */
  private flatten(schema: SchemaObject, depth: number): SchemaObject {
    let current = schema;
    for (let hops = 0; typeof current.$ref === "string"; hops++) {
      if (hops > MAX_DEPTH) throw new UnsupportedSchemaError(`$ref ${current.$ref} loops`);
      const { $ref, ...siblings } = current;
      const target = this.resolveRef($ref as string);
      if (target === false) throw new UnsatisfiableSchemaError(`$ref ${String($ref)} is a false schema`);
      current =
        Object.keys(siblings).length === 0 && target !== true ? target : mergeSchemas([siblings, target]);
    }
    if (Array.isArray(current.allOf)) {
      const { allOf, ...base } = current;
      const parts = (allOf as Schema[]).map((part) => (part === true ? {} : part));
      if (parts.includes(false)) throw new UnsatisfiableSchemaError("`allOf` holds a false schema");
      return this.flatten(
        mergeSchemas([base, ...(parts as SchemaObject[]).map((part) => this.flatten(part, depth))]),
        depth,
      );
    }
    return current;
  }

  private resolveRef(ref: string): Schema {
    if (!ref.startsWith("#")) throw new UnsupportedSchemaError(`only local $refs are supported, got ${ref}`);
    let target: unknown = this.root;
    const pointer = decodeURIComponent(ref.slice(1));
    if (pointer !== "") {
      if (!pointer.startsWith("/"))
        throw new UnsupportedSchemaError(`anchor $refs are not supported: ${ref}`);
      for (const raw of pointer.slice(1).split("/")) {
        const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        target =
          target !== null && typeof target === "object"
            ? (target as Record<string, unknown>)[segment]
            : undefined;
      }
    }
    if (typeof target !== "boolean" && (target === null || typeof target !== "object")) {
      throw new UnsupportedSchemaError(`$ref ${ref} does not resolve`);
    }
    return target as Schema;
  }

  private pickBranch(branches: Schema[]): Schema {
    // Prefer a branch with content over `{"type":"null"}`, so optional-by-null fields still show a value.
    const nonNull = branches.filter((branch) => !(typeof branch === "object" && branch.type === "null"));
    const pool = nonNull.length > 0 ? nonNull : branches;
    return pool[this.attempt % pool.length] as Schema;
  }

  private string(schema: SchemaObject, key: string | undefined): string {
    let text: string | undefined;
    if (typeof schema.format === "string") text = formatSample(schema.format, this.variant);
    if (text === undefined && typeof schema.pattern === "string") {
      text = this.patternValue?.(schema.pattern) ?? sampleRegex(schema.pattern);
    }
    text ??= this.freeString(key);
    const minLength = bounded(asCount(schema.minLength) ?? 0, "minLength");
    const maxLength = asCount(schema.maxLength);
    contradiction(minLength, maxLength, "minLength", "maxLength");
    let chars = [...text];
    if (chars.length < minLength) {
      while (chars.length < minLength) chars = chars.concat(" ", [...text]);
      chars = chars.slice(0, minLength);
    }
    if (maxLength !== undefined && chars.length > maxLength) chars = chars.slice(0, maxLength);
    return chars.join("");
  }

  private freeString(key: string | undefined): string {
    const words = key === undefined ? "text" : humanize(key);
    return this.variant === 0 ? words : `${words} ${this.variant + 1}`;
  }

  private number(schema: SchemaObject, integer: boolean): number {
    const step =
      typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : undefined;
    let low = typeof schema.minimum === "number" ? schema.minimum : -Infinity;
    let high = typeof schema.maximum === "number" ? schema.maximum : Infinity;
    const exclusiveLow = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
    const exclusiveHigh = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
    contradiction(low, high, "minimum", "maximum");
    const unit = integer || step !== undefined ? (step ?? 1) : 0;
    if (exclusiveLow !== undefined && exclusiveLow >= low)
      low = unit > 0 ? exclusiveLow + unit / 2 : exclusiveLow;
    if (exclusiveHigh !== undefined && exclusiveHigh <= high)
      high = unit > 0 ? exclusiveHigh - unit / 2 : exclusiveHigh;
    const wanted = this.variant + 1;
    let value = Math.min(Math.max(wanted, low), high);
    if (exclusiveLow !== undefined && value <= exclusiveLow && unit === 0) {
      value = Number.isFinite(high) ? (exclusiveLow + high) / 2 : exclusiveLow + 1;
    }
    if (exclusiveHigh !== undefined && value >= exclusiveHigh && unit === 0) {
      value = Number.isFinite(low) ? (low + exclusiveHigh) / 2 : exclusiveHigh - 1;
    }
    if (integer && step === undefined) {
      value = Math.ceil(value);
      if (value > high) value = Math.floor(high);
    }
    if (step !== undefined) {
      let multiple = Math.ceil(value / step);
      if (integer && !Number.isInteger(step)) {
        // An integer that is a multiple of a fractional step: step it until both hold.
        for (let tries = 0; !Number.isInteger(multiple * step) && tries < 1000; tries++) multiple++;
      }
      value = roundTo(multiple * step, step);
      if (value > high) value = roundTo(Math.floor(high / step) * step, step);
    }
    return value;
  }

  private array(schema: SchemaObject, key: string | undefined, depth: number): unknown[] {
    const prefix = (
      Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : []
    ) as Schema[];
    const rest = (
      Array.isArray(schema.items) ? (schema.additionalItems ?? true) : (schema.items ?? true)
    ) as Schema;
    const min = bounded(asCount(schema.minItems) ?? 0, "minItems");
    const max = asCount(schema.maxItems) ?? Infinity;
    contradiction(min, max, "minItems", "maxItems");
    const wanted =
      depth < FULL_DEPTH ? Math.max(min, prefix.length, DEFAULT_ITEMS) : Math.max(min, prefix.length);
    const count = Math.min(rest === false ? prefix.length : wanted, max);
    const itemKey = key === undefined ? undefined : singular(key);
    const contains = schema.contains as Schema | undefined;
    const containsCount = contains === undefined ? 0 : (asCount(schema.minContains) ?? 1);
    const items: unknown[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const itemSchema = i < containsCount && contains !== undefined ? contains : (prefix[i] ?? rest);
      let item = this.withVariant(this.variant + i).value(itemSchema, itemKey, depth + 1);
      if (schema.uniqueItems === true) {
        for (let shift = 1; seen.has(JSON.stringify(item)) && shift < 8; shift++) {
          item = this.withVariant(this.variant + i + shift * count).value(itemSchema, itemKey, depth + 1);
        }
        if (seen.has(JSON.stringify(item))) {
          if (items.length >= min) break;
        }
        seen.add(JSON.stringify(item));
      }
      items.push(item);
    }
    return items;
  }

  private object(schema: SchemaObject, depth: number): Record<string, unknown> {
    const properties = (isObject(schema.properties) ? schema.properties : {}) as Record<string, Schema>;
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    const max = asCount(schema.maxProperties) ?? Infinity;
    const keys: string[] = [...required];
    if (depth < FULL_DEPTH)
      for (const key of Object.keys(properties)) if (!keys.includes(key)) keys.push(key);
    const dependent = isObject(schema.dependentRequired)
      ? (schema.dependentRequired as Record<string, unknown>)
      : {};
    for (const key of [...keys]) {
      const needs = dependent[key];
      if (Array.isArray(needs)) for (const need of needs) if (!keys.includes(need)) keys.push(need);
    }
    const chosen = keys.slice(0, Math.max(required.length, Math.min(keys.length, max)));
    const min = bounded(asCount(schema.minProperties) ?? 0, "minProperties");
    for (let i = 1; chosen.length < min && schema.additionalProperties !== false; i++) {
      const extra = `property_${i}`;
      if (!chosen.includes(extra)) chosen.push(extra);
    }
    const out: Record<string, unknown> = {};
    for (const key of chosen) {
      out[key] = this.value(this.propertySchema(schema, properties, key), key, depth + 1);
    }
    return out;
  }

  private propertySchema(schema: SchemaObject, properties: Record<string, Schema>, key: string): Schema {
    const declared = properties[key];
    if (declared !== undefined) return declared;
    if (isObject(schema.patternProperties)) {
      for (const [pattern, value] of Object.entries(schema.patternProperties as Record<string, Schema>)) {
        if (new RegExp(pattern, "u").test(key)) return value;
      }
    }
    const additional = schema.additionalProperties;
    if (additional === false) {
      throw new UnsatisfiableSchemaError(`"${key}" is required, but additionalProperties: false forbids it`);
    }
    return additional === undefined ? true : (additional as Schema);
  }

  private withVariant(variant: number): InstanceGenerator {
    return variant === this.variant
      ? this
      : new InstanceGenerator(this.root, variant, this.attempt, this.patternValue);
  }
}

/** Combines schemas that must all hold (an `allOf`, or `$ref` siblings) into one, conservatively. */
export function mergeSchemas(schemas: Schema[]): SchemaObject {
  const out: SchemaObject = {};
  for (const item of schemas) {
    if (item === true) continue;
    if (item === false) throw new UnsatisfiableSchemaError("a `false` schema admits no value");
    for (const [keyword, value] of Object.entries(item)) {
      const previous = out[keyword];
      if (previous === undefined) {
        out[keyword] = value;
        continue;
      }
      switch (keyword) {
        case "properties": {
          const merged: Record<string, Schema> = { ...(previous as Record<string, Schema>) };
          for (const [name, sub] of Object.entries(value as Record<string, Schema>)) {
            const existing = merged[name];
            merged[name] = existing === undefined ? sub : { allOf: [existing, sub] };
          }
          out.properties = merged;
          break;
        }
        case "required":
          out.required = [...new Set([...(previous as string[]), ...(value as string[])])];
          break;
        case "type": {
          const a = ([] as unknown[]).concat(previous);
          const b = ([] as unknown[]).concat(value);
          const both = a.filter((type) => b.includes(type) || (type === "integer" && b.includes("number")));
          const extra = b.filter(
            (type) => type === "integer" && a.includes("number") && !both.includes(type),
          );
          out.type = [...both, ...extra];
          break;
        }
        case "enum":
          out.enum = (previous as unknown[]).filter((v) =>
            (value as unknown[]).some((w) => JSON.stringify(v) === JSON.stringify(w)),
          );
          break;
        case "minimum":
        case "exclusiveMinimum":
        case "minLength":
        case "minItems":
        case "minProperties":
          out[keyword] = Math.max(previous as number, value as number);
          break;
        case "maximum":
        case "exclusiveMaximum":
        case "maxLength":
        case "maxItems":
        case "maxProperties":
          out[keyword] = Math.min(previous as number, value as number);
          break;
        case "items":
        case "additionalProperties":
        case "contains":
          out[keyword] = { allOf: [previous, value] };
          break;
        case "anyOf":
        case "oneOf":
          // Two unions at once: keep both by nesting the second inside an allOf of the first's branches.
          out.allOf = [...((out.allOf as Schema[]) ?? []), { [keyword]: value }];
          break;
        case "allOf":
          out.allOf = [...(previous as Schema[]), ...(value as Schema[])];
          break;
        default:
          out[keyword] = value;
      }
    }
  }
  return out;
}

function pickType(schema: SchemaObject): string {
  const declared = schema.type;
  if (typeof declared === "string") return declared;
  if (Array.isArray(declared) && declared.length > 0) {
    return (declared.find((type) => type !== "null") ?? declared[0]) as string;
  }
  if ("properties" in schema || "required" in schema || "additionalProperties" in schema) return "object";
  if ("items" in schema || "prefixItems" in schema || "minItems" in schema) return "array";
  if ("minimum" in schema || "maximum" in schema || "multipleOf" in schema) return "number";
  return "string";
}

function formatSample(format: string, variant: number): string | undefined {
  const n = variant + 1;
  const day = String((variant % 28) + 1).padStart(2, "0");
  switch (format) {
    case "date-time":
      return `2026-01-${day}T12:00:00Z`;
    case "date":
      return `2026-01-${day}`;
    case "time":
      return "12:00:00Z";
    case "duration":
      return `P${n}D`;
    case "email":
    case "idn-email":
      return `user${n}@example.com`;
    case "hostname":
    case "idn-hostname":
      return `host${n}.example.com`;
    case "ipv4":
      return `192.0.2.${(variant % 254) + 1}`;
    case "ipv6":
      return `2001:db8::${n.toString(16)}`;
    case "uri":
    case "iri":
    case "url":
      return `https://example.com/items/${n}`;
    case "uri-reference":
    case "iri-reference":
      return `/items/${n}`;
    case "uri-template":
      return "https://example.com/items/{id}";
    case "uuid":
      return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    case "json-pointer":
      return `/items/${variant}`;
    case "relative-json-pointer":
      return "0";
    case "regex":
      return "^[a-z]+$";
    default:
      return undefined;
  }
}

function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.\s]+/g, " ")
    .trim()
    .toLowerCase();
  return words === "" ? "text" : words;
}

function singular(key: string): string {
  return key.endsWith("ies")
    ? `${key.slice(0, -3)}y`
    : key.endsWith("s") && key.length > 1
      ? key.slice(0, -1)
      : key;
}

function contradiction(low: number, high: number | undefined, lowName: string, highName: string): void {
  if (high !== undefined && low > high) {
    throw new UnsatisfiableSchemaError(`${lowName} ${low} is above ${highName} ${high}`);
  }
}

function bounded(count: number, keyword: string): number {
  if (count > MAX_SIZE)
    throw new UnsupportedSchemaError(`${keyword} ${count} is more than the mock builds (${MAX_SIZE})`);
  return count;
}

function asCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function roundTo(value: number, step: number): number {
  const decimals = Math.min(15, (String(step).split(".")[1] ?? "").length);
  return Number(value.toFixed(decimals));
}
