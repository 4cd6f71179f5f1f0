import { validateStructuredOutput } from "@vlmchat/validation/structured-output";
import { describe, expect, it } from "vitest";
import {
  generateInstance,
  UnsatisfiableSchemaError,
  UnsupportedSchemaError,
} from "../../src/engine/json-instance";

type Schema = Record<string, unknown>;

function check(schema: Schema, value: unknown) {
  return validateStructuredOutput({ type: "json_schema", schema }, JSON.stringify(value));
}

const SCHEMAS: { name: string; schema: Schema }[] = [
  {
    name: "an object with required and optional fields",
    schema: {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "integer" } },
      required: ["a"],
    },
  },
  { name: "nullable types", schema: { type: ["string", "null"], minLength: 2 } },
  { name: "integer bounds", schema: { type: "integer", minimum: 10, maximum: 20, multipleOf: 3 } },
  { name: "exclusive number bounds", schema: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 } },
  { name: "a negative range", schema: { type: "integer", maximum: -5 } },
  { name: "a fractional multipleOf", schema: { type: "number", minimum: 0.05, multipleOf: 0.1 } },
  { name: "string lengths", schema: { type: "string", minLength: 12, maxLength: 14 } },
  { name: "a tight maxLength", schema: { type: "string", maxLength: 1 } },
  {
    name: "formats",
    schema: {
      type: "object",
      properties: Object.fromEntries(
        ["date-time", "date", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname", "duration"].map(
          (format) => [format, { type: "string", format }],
        ),
      ),
    },
  },
  { name: "a pattern", schema: { type: "string", pattern: "^[A-Z]{3}-\\d{4}$" } },
  {
    name: "enum and const",
    schema: {
      type: "object",
      properties: { e: { enum: ["x", 2, null] }, c: { const: { deep: [1] } } },
      required: ["e", "c"],
    },
  },
  {
    name: "unique items",
    schema: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 9 },
      minItems: 5,
      uniqueItems: true,
    },
  },
  {
    name: "a tuple",
    schema: {
      type: "array",
      prefixItems: [{ type: "string" }, { type: "boolean" }],
      items: false,
      minItems: 2,
    },
  },
  {
    name: "contains",
    schema: { type: "array", items: { type: "string" }, contains: { const: "needle" }, minContains: 2 },
  },
  {
    name: "a recursive $ref",
    schema: {
      $ref: "#/$defs/tree",
      $defs: {
        tree: {
          type: "object",
          properties: { children: { type: "array", items: { $ref: "#/$defs/tree" } } },
          required: ["children"],
        },
      },
    },
  },
  {
    name: "draft-07 definitions",
    schema: {
      definitions: { id: { type: "string", pattern: "^id_" } },
      type: "object",
      properties: { id: { $ref: "#/definitions/id" } },
      required: ["id"],
    },
  },
  {
    name: "allOf",
    schema: {
      allOf: [
        { type: "object", properties: { a: { type: "number", minimum: 5 } }, required: ["a"] },
        { properties: { a: { maximum: 6 } } },
      ],
    },
  },
  {
    name: "oneOf of objects",
    schema: {
      oneOf: [
        {
          type: "object",
          properties: { kind: { const: "a" } },
          required: ["kind"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { kind: { const: "b" }, n: { type: "integer" } },
          required: ["kind", "n"],
          additionalProperties: false,
        },
      ],
    },
  },
  {
    name: "minProperties with additionalProperties",
    schema: { type: "object", minProperties: 3, additionalProperties: { type: "integer" } },
  },
  {
    name: "patternProperties",
    schema: {
      type: "object",
      required: ["x_1"],
      patternProperties: { "^x_": { type: "boolean" } },
      additionalProperties: false,
    },
  },
  {
    name: "dependentRequired",
    schema: {
      type: "object",
      properties: { card: { type: "string" }, cvc: { type: "string", minLength: 3 } },
      required: ["card"],
      dependentRequired: { card: ["cvc"] },
    },
  },
  {
    name: "types inferred from keywords",
    schema: { properties: { n: { minimum: 3 }, list: { minItems: 1 } }, required: ["n", "list"] },
  },
  {
    name: "true and empty schemas",
    schema: { type: "object", properties: { anything: true, empty: {} }, required: ["anything", "empty"] },
  },
];

describe("generateInstance", () => {
  it.each(SCHEMAS)("builds a valid value for $name, for every choice variant", ({ schema }) => {
    for (let variant = 0; variant < 4; variant++) {
      const value = generateInstance(schema, { variant });
      const checked = check(schema, value);
      expect(checked.ok, `${JSON.stringify(value)}: ${JSON.stringify(checked)}`).toBe(true);
    }
  });

  it("is deterministic", () => {
    for (const { schema } of SCHEMAS) {
      expect(generateInstance(schema, { variant: 1 })).toEqual(generateInstance(schema, { variant: 1 }));
    }
  });

  it("makes variants differ, so n choices are distinct", () => {
    const schema = { type: "object", properties: { name: { type: "string" }, count: { type: "integer" } } };
    expect(generateInstance(schema, { variant: 0 })).not.toEqual(generateInstance(schema, { variant: 1 }));
  });

  it.each([
    {
      name: "a false schema",
      schema: { type: "object", properties: { a: false }, required: ["a"] },
      says: "a `false` schema admits no value",
    },
    {
      name: "a remote $ref",
      schema: { $ref: "https://example.com/s.json" },
      says: "only local $refs are supported",
    },
    { name: "a dangling $ref", schema: { $ref: "#/$defs/missing" }, says: "does not resolve" },
    { name: "an empty enum", schema: { enum: [] }, says: "an empty `enum` admits no value" },
    {
      name: "a huge minLength",
      schema: { type: "string", minLength: 1_000_000_000 },
      says: "minLength 1000000000 is more than the mock builds",
    },
    {
      name: "a huge minItems",
      schema: { type: "array", minItems: 1_000_000 },
      says: "minItems 1000000 is more than the mock builds",
    },
    {
      name: "endless required recursion",
      schema: {
        $ref: "#/$defs/a",
        $defs: { a: { type: "object", properties: { next: { $ref: "#/$defs/a" } }, required: ["next"] } },
      },
      says: "recurses deeper than 32 levels",
    },
  ])("throws UnsupportedSchemaError for $name", ({ schema, says }) => {
    expect(() => generateInstance(schema, { variant: 0 })).toThrow(UnsupportedSchemaError);
    expect(() => generateInstance(schema, { variant: 0 })).toThrow(says);
  });

  it.each([
    {
      name: "a required property that additionalProperties forbids",
      schema: { type: "object", required: ["x"], additionalProperties: false },
    },
    { name: "minLength above maxLength", schema: { type: "string", minLength: 5, maxLength: 2 } },
    { name: "minimum above maximum", schema: { type: "integer", minimum: 5, maximum: 2 } },
    { name: "minItems above maxItems", schema: { type: "array", minItems: 3, maxItems: 1 } },
    { name: "an allOf of disjoint enums", schema: { allOf: [{ enum: ["a"] }, { enum: ["b"] }] } },
  ])("throws UnsatisfiableSchemaError for $name", ({ schema }) => {
    expect(() => generateInstance(schema, { variant: 0 })).toThrow(UnsatisfiableSchemaError);
  });
});
