import type { ValidationDetail, ValidationIssue } from "./detail";
import type { ValidatorError as ErrorObject } from "./generated/ajv/request.js";
import { expectedList, modelTypeError, plural, pythonRepr, pythonStr, typeErrors } from "./pydantic";

type Loc = (string | number)[];
type Schema = Record<string, unknown>;

/**
 * Turns the errors of a generated validator (ajv, `allErrors` + `verbose`) into the API's 422 `detail`.
 *
 * The generated schemas are shaped so that most errors map one-to-one (see scripts/codegen/ajv-schema.ts):
 * a discriminated union reports only the branch its tag selects, and a union of different JSON types
 * reports only the branch of the value's type. What is left to do here is Pydantic's wording, `loc`
 * with numeric array indexes, and four rewrites: a bad or missing tag becomes `union_tag_invalid` /
 * `union_tag_not_found` at the union; "at least one of" becomes one `value_error`; bookkeeping errors
 * (`if`, the union's own error) are dropped.
 */
export function detailFromAjvErrors(
  errors: readonly ErrorObject[],
  root: unknown,
  prefix: readonly (string | number)[],
): ValidationDetail {
  const locate = locator(root, prefix);
  const skipped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ValidationIssue>();
  // Errors by place, so that a body with thousands of errors is still mapped in linear time.
  const at = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const here = at.get(error.instancePath);
    if (here) here.push(error);
    else at.set(error.instancePath, [error]);
  }
  const atPath = (path: string) => at.get(path) ?? [];

  for (const error of errors) {
    // A Literal is one check in Pydantic: `null` where 'stop' is expected is a literal_error, not also a
    // string_type.
    if (error.keyword === "type") {
      if (atPath(error.instancePath).some((e) => e.keyword === "enum" || e.keyword === "const"))
        skipped.add(error);
    }
    if (error.keyword === "discriminator") {
      // Not an object at all: the union's `type` error says so; the tag error would only repeat it.
      if (atPath(error.instancePath).some((e) => e.keyword === "type")) skipped.add(error);
      const tagPath = `${error.instancePath}/${escapePointer(String(error.params.tag))}`;
      for (const e of atPath(tagPath)) if (e.keyword === "enum") skipped.add(e);
    }
    if (error.keyword === "anyOf" || error.keyword === "oneOf") {
      skipped.add(error);
      // Branches written inline (ours always are; users' schemas often are) have paths under the union's.
      const branches = atPath(error.instancePath).filter((e) =>
        e.schemaPath.startsWith(`${error.schemaPath}/`),
      );
      const { loc, value } = locate(error.instancePath);
      const replacement =
        branches.length === 0
          ? undefined
          : branches.every((e) => e.keyword === "required")
            ? atLeastOne(branches, loc, value)
            : branches.every((e) => e.keyword === "type")
              ? typeIssue(
                  loc,
                  value,
                  branches.flatMap((e) => typeList(e.params.type)),
                  {},
                )
              : undefined;
      if (replacement) {
        for (const e of branches) skipped.add(e);
        replaced.set(branches[0] as ErrorObject, replacement);
      }
    }
  }

  const detail: ValidationIssue[] = [];
  const seen = new Set<string>();
  const declared = new Map<string, string[]>();
  for (const error of errors) {
    const properties = (error.parentSchema as Schema | undefined)?.properties;
    if ((error.keyword === "required" || error.keyword === "additionalProperties") && isObject(properties)) {
      declared.set(locKey(locate(error.instancePath).loc), Object.keys(properties));
    }
    const issue = replaced.get(error) ?? (skipped.has(error) ? undefined : issueFor(error, locate));
    if (!issue) continue;
    const key = `${locKey(issue.loc)}\u0000${issue.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    detail.push(issue);
  }
  return inFieldOrder(detail, declared);
}

/**
 * Pydantic validates a model's fields in the order they are declared, then reports unknown keys; ajv
 * reports all missing keys of an object first. Sorting by the declared order (known from the object's
 * `required`/`additionalProperties` errors; otherwise ajv's order, which follows `properties`) gives
 * Pydantic's order.
 */
function inFieldOrder(detail: ValidationIssue[], declared: Map<string, string[]>): ValidationIssue[] {
  // Keys of every prefix of every loc, built once: "body", "body\0messages", "body\0messages\00", …
  const prefixes = detail.map((issue) => {
    const keys: string[] = [];
    let key = "";
    for (const [depth, segment] of issue.loc.entries()) {
      key = depth === 0 ? String(segment) : `${key}\u0000${segment}`;
      keys.push(key);
    }
    return keys;
  });
  const firstSeen = new Map<string, number>();
  prefixes.forEach((keys, i) => {
    for (const key of keys) if (!firstSeen.has(key)) firstSeen.set(key, i);
  });
  const rank = (issue: ValidationIssue, keys: string[], depth: number): number => {
    const segment = issue.loc[depth] as string | number;
    if (typeof segment === "number") return segment;
    const order = declared.get(depth === 0 ? "" : (keys[depth - 1] as string));
    const index = order ? order.indexOf(segment) : -1;
    return index >= 0 ? index : (order?.length ?? 0) + (firstSeen.get(keys[depth] as string) ?? 0);
  };
  // Each issue's rank at each depth, computed once, then compared as number sequences.
  const keyed = detail.map((issue, i) => {
    const keys = prefixes[i] as string[];
    return { issue, i, ranks: issue.loc.map((_, depth) => rank(issue, keys, depth)) };
  });
  keyed.sort((a, b) => {
    const length = Math.min(a.ranks.length, b.ranks.length);
    for (let depth = 0; depth < length; depth++) {
      const difference = (a.ranks[depth] as number) - (b.ranks[depth] as number);
      if (difference !== 0) return difference;
    }
    return a.ranks.length - b.ranks.length || a.i - b.i;
  });
  return keyed.map(({ issue }) => issue);
}

type Locate = (pointer: string) => { loc: Loc; value: unknown };

/** Resolves ajv's instancePath against the value: keys stay strings, array indexes become numbers. */
function locator(root: unknown, prefix: readonly (string | number)[]): Locate {
  const cache = new Map<string, { loc: Loc; value: unknown }>();
  return (pointer) => {
    const hit = cache.get(pointer);
    if (hit) return hit;
    const loc: Loc = [...prefix];
    let value = root;
    if (pointer !== "") {
      for (const raw of pointer.slice(1).split("/")) {
        const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
        if (Array.isArray(value)) {
          loc.push(Number(key));
          value = value[Number(key)];
        } else {
          loc.push(key);
          value = isObject(value) ? value[key] : undefined;
        }
      }
    }
    const found = { loc, value };
    cache.set(pointer, found);
    return found;
  };
}

function issueFor(error: ErrorObject, locate: Locate): ValidationIssue | undefined {
  const { loc, value } = locate(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Schema;
  switch (error.keyword) {
    case "type":
      return typeIssue(loc, value, params.type, parent);
    case "required":
      return {
        loc: [...loc, String(params.missingProperty)],
        msg: "Field required",
        type: "missing",
        input: value,
      };
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const input = isObject(value) ? value[key] : undefined;
      return { loc: [...loc, key], msg: "Extra inputs are not permitted", type: "extra_forbidden", input };
    }
    case "enum":
    case "const": {
      const allowed = error.keyword === "enum" ? (params.allowedValues as unknown[]) : [params.allowedValue];
      const expected = expectedList(allowed);
      return {
        loc,
        msg: `Input should be ${expected}`,
        type: "literal_error",
        input: value,
        ctx: { expected },
      };
    }
    case "discriminator":
      return tagIssue(loc, value, String(params.tag), parent);
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return boundIssue(loc, value, error.keyword, params.limit as number);
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
      return sizeIssue(loc, value, error.keyword, params.limit as number);
    case "minLength":
      return {
        loc,
        msg: `String should have at least ${plural(params.limit as number, "character")}`,
        type: "string_too_short",
        input: value,
        ctx: { min_length: params.limit },
      };
    case "maxLength":
      return {
        loc,
        msg: `String should have at most ${plural(params.limit as number, "character")}`,
        type: "string_too_long",
        input: value,
        ctx: { max_length: params.limit },
      };
    case "pattern":
      return {
        loc,
        msg: `String should match pattern ${pythonRepr(params.pattern)}`,
        type: "string_pattern_mismatch",
        input: value,
        ctx: { pattern: params.pattern },
      };
    case "multipleOf":
      return {
        loc,
        msg: `Input should be a multiple of ${pythonRepr(params.multipleOf)}`,
        type: "multiple_of",
        input: value,
        ctx: { multiple_of: params.multipleOf },
      };
    case "if":
    case "oneOf":
    case "anyOf":
      // Bookkeeping: the failing branch reported the problem itself.
      return undefined;
    default:
      return {
        loc,
        msg: `Value error, the input fails the \`${error.keyword}\` check`,
        type: "value_error",
        input: value,
      };
  }
}

function typeList(declared: unknown): string[] {
  return Array.isArray(declared) ? (declared as string[]) : String(declared).split(",");
}

function typeIssue(loc: Loc, value: unknown, declared: unknown, parent: Schema): ValidationIssue {
  const all = [...new Set(typeList(declared))];
  // Optional[X] reports X's error alone, as Pydantic does.
  const types = all.length > 1 ? all.filter((t) => t !== "null") : all;
  if (types.length === 1) {
    const [only] = types as [string];
    if (only === "integer" && typeof value === "number" && Number.isFinite(value)) {
      return {
        loc,
        msg: "Input should be a valid integer, got a number with a fractional part",
        type: "int_from_float",
        input: value,
      };
    }
    if (only === "object" && parent.properties !== undefined) return { loc, ...modelTypeError, input: value };
    const unparsable = typeof value === "string" ? parsingError(only, value) : undefined;
    if (unparsable) return { loc, ...unparsable, input: value };
    const known = typeErrors[only] ?? { type: `${only}_type`, noun: `a valid ${only}` };
    return { loc, msg: `Input should be ${known.noun}`, type: known.type, input: value };
  }
  // A union of JSON types (`string | parts[]`): one error naming every accepted type.
  const nouns = types.map((t) => typeErrors[t]?.noun ?? `a valid ${t}`);
  const first = typeErrors[types[0] as string]?.type ?? "value_error";
  const msg = `Input should be ${nouns.slice(0, -1).join(", ")} or ${nouns.at(-1)}`;
  return { loc, msg, type: first, input: value };
}

/**
 * Pydantic (lax mode) reads numbers and booleans from strings, and says `*_parsing` when a string is no
 * number at all. The spec takes no strings there, so a string is always an error here; when the server
 * would refuse it too, the error is the server's.
 */
function parsingError(type: string, text: string): { msg: string; type: string } | undefined {
  const trimmed = text.trim();
  if (type === "integer" && !/^[+-]?\d+(_\d+)*$/.test(trimmed)) {
    return {
      msg: "Input should be a valid integer, unable to parse string as an integer",
      type: "int_parsing",
    };
  }
  const number = /^[+-]?((\d+(_\d+)*)?\.?\d+(_\d+)*([eE][+-]?\d+)?|\d+\.|inf(inity)?|nan)$/i;
  if (type === "number" && !number.test(trimmed)) {
    return {
      msg: "Input should be a valid number, unable to parse string as a number",
      type: "float_parsing",
    };
  }
  const booleans = ["0", "off", "f", "false", "n", "no", "1", "on", "t", "true", "y", "yes"];
  if (type === "boolean" && !booleans.includes(trimmed.toLowerCase())) {
    return { msg: "Input should be a valid boolean, unable to interpret input", type: "bool_parsing" };
  }
  return undefined;
}

function tagIssue(loc: Loc, value: unknown, tag: string, parent: Schema): ValidationIssue {
  const discriminator = pythonRepr(tag);
  const has = isObject(value) && Object.hasOwn(value, tag);
  if (!has) {
    return {
      loc,
      msg: `Unable to extract tag using discriminator ${discriminator}`,
      type: "union_tag_not_found",
      input: value,
      ctx: { discriminator },
    };
  }
  const properties = (parent.properties ?? {}) as Record<string, { enum?: unknown[] }>;
  const expected_tags = (properties[tag]?.enum ?? []).map(pythonRepr).join(", ");
  const found = pythonStr((value as Record<string, unknown>)[tag]);
  return {
    loc,
    msg: `Input tag '${found}' found using ${discriminator} does not match any of the expected tags: ${expected_tags}`,
    type: "union_tag_invalid",
    input: value,
    ctx: { discriminator, tag: found, expected_tags },
  };
}

const bounds = {
  minimum: { type: "greater_than_equal", words: "greater than or equal to", ctx: "ge" },
  maximum: { type: "less_than_equal", words: "less than or equal to", ctx: "le" },
  exclusiveMinimum: { type: "greater_than", words: "greater than", ctx: "gt" },
  exclusiveMaximum: { type: "less_than", words: "less than", ctx: "lt" },
} as const;

function boundIssue(loc: Loc, value: unknown, keyword: keyof typeof bounds, limit: number): ValidationIssue {
  const bound = bounds[keyword];
  return {
    loc,
    msg: `Input should be ${bound.words} ${pythonRepr(limit)}`,
    type: bound.type,
    input: value,
    ctx: { [bound.ctx]: limit },
  };
}

function sizeIssue(
  loc: Loc,
  value: unknown,
  keyword: "minItems" | "maxItems" | "minProperties" | "maxProperties",
  limit: number,
): ValidationIssue {
  const isList = keyword === "minItems" || keyword === "maxItems";
  const fieldType = isList ? "List" : "Dictionary";
  const actual = Array.isArray(value) ? value.length : isObject(value) ? Object.keys(value).length : 0;
  const atLeast = keyword === "minItems" || keyword === "minProperties";
  return {
    loc,
    msg: `${fieldType} should have ${atLeast ? "at least" : "at most"} ${plural(limit, "item")} after validation, not ${actual}`,
    type: atLeast ? "too_short" : "too_long",
    input: value,
    ctx: { field_type: fieldType, [atLeast ? "min_length" : "max_length"]: limit, actual_length: actual },
  };
}

/** "At least one of `file_id`, `file_url`": one error at the object, as a Pydantic model validator gives. */
function atLeastOne(branches: readonly ErrorObject[], loc: Loc, value: unknown): ValidationIssue {
  const names = [...new Set(branches.map((e) => String(e.params.missingProperty)))];
  return {
    loc,
    msg: `Value error, at least one of ${expectedList(names)} is required`,
    type: "value_error",
    input: value,
  };
}

/** The key {@link inFieldOrder} gives a loc (segments joined by NUL). */
function locKey(loc: readonly (string | number)[]): string {
  return loc.join("\u0000");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function escapePointer(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}
