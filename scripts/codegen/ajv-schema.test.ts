import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { compiledDocuments } from "./ajv";
import { ajvDocument, inlineSingleUse, onlyKeyChecks } from "./ajv-schema";
import { type JsonSchema, loadSpec, type OpenApiDocument } from "./spec";

const doc = (schemas: Record<string, JsonSchema>): OpenApiDocument => ({
  openapi: "3.1.0",
  paths: {},
  components: { schemas },
});
const defsOf = (schema: JsonSchema) => schema.$defs as Record<string, JsonSchema>;
const tagged = (tag: string) => ({
  type: "object",
  required: ["kind"],
  properties: { kind: { type: "string", enum: [tag] }, n: { type: "integer" } },
});

describe("ajvDocument", () => {
  const cases: { name: string; given: Record<string, JsonSchema>; def: string; want: JsonSchema }[] = [
    {
      name: "drops annotations, but not properties named like them",
      given: {
        A: {
          type: "object",
          description: "d",
          properties: { description: { type: "string", example: "x" } },
        },
      },
      def: "A",
      want: { type: "object", properties: { description: { type: "string" } } },
    },
    {
      name: "a discriminated union also checks its tag against every tag value",
      given: {
        U: {
          type: "object",
          oneOf: [{ $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/B" }],
          discriminator: {
            propertyName: "kind",
            mapping: { a: "#/components/schemas/A", b: "#/components/schemas/B" },
          },
        },
        A: tagged("a"),
        B: tagged("b"),
      },
      def: "U",
      want: {
        type: "object",
        oneOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }],
        discriminator: { propertyName: "kind" },
        properties: { kind: { enum: ["a", "b"] } },
      },
    },
    {
      name: "a union told apart by a tag one branch may leave out checks the branch the tag selects",
      given: {
        S: { oneOf: [{ $ref: "#/components/schemas/R" }, { $ref: "#/components/schemas/I" }] },
        R: {
          type: "object",
          properties: { kind: { type: "string", enum: ["ref"] }, n: { type: "integer" } },
        },
        I: tagged("inline"),
      },
      def: "S",
      want: {
        if: { type: "object", properties: { kind: { const: "inline" } }, required: ["kind"] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then`, not a promise.
        then: { $ref: "#/$defs/I" },
        else: { $ref: "#/$defs/R" },
      },
    },
    {
      name: "a union of JSON types dispatches on the type",
      given: { C: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] } },
      def: "C",
      want: {
        type: ["string", "array"],
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `if`/`then`, not a promise.
        allOf: [{ if: { type: "array" }, then: { type: "array", items: { type: "string" } } }],
      },
    },
    {
      name: "a nullable reference reports the referenced schema's errors",
      given: { N: { oneOf: [{ $ref: "#/components/schemas/O" }, { type: "null" }] }, O: { type: "object" } },
      def: "N",
      want: { if: { type: "null" }, else: { $ref: "#/$defs/O" } },
    },
    {
      name: "a union with a branch that accepts everything the others accept is that branch",
      given: {
        J: { anyOf: [{ $ref: "#/components/schemas/W" }, { $ref: "#/components/schemas/Any" }] },
        W: { type: "object", required: ["name"], properties: { name: { type: "string" } } },
        Any: { type: "object", additionalProperties: true },
      },
      def: "J",
      want: { $ref: "#/$defs/Any" },
    },
    {
      name: "'at least one of' keeps only its required checks",
      given: {
        F: {
          type: "object",
          properties: { a: { type: "string" }, b: { type: "string" } },
          allOf: [
            {
              anyOf: [
                { required: ["a"], allOf: [{ properties: { a: { type: "string", description: "x" } } }] },
                { required: ["b"], allOf: [{ properties: { b: { type: "string" } } }] },
              ],
            },
          ],
        },
      },
      def: "F",
      want: {
        type: "object",
        properties: { a: { type: "string" }, b: { type: "string" } },
        allOf: [
          {
            anyOf: [
              { required: ["a"], properties: { a: true } },
              { required: ["b"], properties: { b: true } },
            ],
          },
        ],
      },
    },
  ];
  it.each(cases)("$name", ({ given, def, want }) => {
    const { schema, unexplainedUnions } = ajvDocument(doc(given));
    expect(defsOf(schema)[def]).toEqual(want);
    expect(unexplainedUnions).toEqual([]);
  });

  it("names the unions it cannot explain", () => {
    const given = {
      E: {
        anyOf: [
          { type: "object", required: ["a"] },
          { type: "object", required: ["b"] },
        ],
      },
    };
    expect(ajvDocument(doc(given)).unexplainedUnions).toEqual(["#/$defs/E"]);
  });

  it("forbids unknown keys in the objects reachable from the given schemas only", () => {
    const given = {
      R: {
        type: "object",
        properties: {
          s: { $ref: "#/components/schemas/S" },
          m: { type: "object", additionalProperties: true },
        },
      },
      S: { type: "object", properties: { x: { type: "string" } } },
      T: { type: "object", properties: { y: { type: "string" } } },
    };
    const defs = defsOf(ajvDocument(doc(given), { forbidExtraKeysFrom: ["R"] }).schema);
    expect(defs.R!.additionalProperties).toBe(false);
    expect(defs.S!.additionalProperties).toBe(false);
    expect(defs.T!.additionalProperties).toBeUndefined();
    expect((defs.R!.properties as Record<string, JsonSchema>).m!.additionalProperties).toBe(true);
  });
});

describe("onlyKeyChecks", () => {
  it("keeps the shape and the unknown-key checks, and drops checks of values", () => {
    const strict = ajvDocument(
      doc({
        R: {
          type: "object",
          required: ["n"],
          properties: { n: { type: "integer", minimum: 1 }, s: { type: "string" } },
        },
      }),
      { forbidExtraKeysFrom: ["R"] },
    ).schema;
    expect(defsOf(onlyKeyChecks(strict)).R).toEqual({
      type: "object",
      properties: { n: {}, s: {} },
      additionalProperties: false,
    });
  });
});

describe("inlineSingleUse", () => {
  it("writes a schema used once in place of its reference, and keeps shared and exported ones", () => {
    const given: JsonSchema = {
      $defs: {
        Root: {
          properties: {
            a: { $ref: "#/$defs/Once" },
            b: { $ref: "#/$defs/Twice" },
            c: { $ref: "#/$defs/Twice" },
          },
        },
        Once: { type: "string" },
        Twice: { type: "integer" },
        Kept: { properties: { k: { $ref: "#/$defs/Exported" } } },
        Exported: { type: "boolean" },
      },
    };
    const defs = defsOf(inlineSingleUse(given, ["Exported"]));
    expect(defs.Root).toEqual({
      properties: { a: { type: "string" }, b: { $ref: "#/$defs/Twice" }, c: { $ref: "#/$defs/Twice" } },
    });
    expect(defs.Kept).toEqual({ properties: { k: { $ref: "#/$defs/Exported" } } });
  });
});

describe("the documents the validators are compiled from", () => {
  it("are valid JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false });
    for (const document of compiledDocuments(loadSpec())) {
      expect(ajv.validateSchema(document), JSON.stringify(ajv.errors)).toBe(true);
    }
  });
});
