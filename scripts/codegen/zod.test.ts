import { describe, expect, it } from "vitest";
import type { JsonSchema, Spec } from "./spec";
import { zodGenerator } from "./zod";

function generate(schemas: Record<string, JsonSchema>): string {
  const spec: Spec = { sha256: "0", document: { openapi: "3.1.0", paths: {}, components: { schemas } } };
  const [file] = zodGenerator.generate(spec) as readonly { contents: string }[];
  return file?.contents ?? "";
}

describe("zod generator", () => {
  const cases: { name: string; given: Record<string, JsonSchema>; want: string }[] = [
    {
      name: "an object: loose, optional fields, nullable types, bounds",
      given: {
        A: {
          type: "object",
          required: ["n"],
          properties: {
            n: { type: "integer", minimum: 1 },
            t: { type: ["number", "null"], maximum: 2 },
            s: { type: "string" },
          },
        },
      },
      want: "export const ASchema = z.looseObject({ n: integer().gte(1), t: z.number().lte(2).nullable().optional(), s: z.string().optional() });",
    },
    {
      name: "a free-form object",
      given: { M: { type: "object", additionalProperties: true } },
      want: "export const MSchema = z.record(z.string(), z.unknown());",
    },
    {
      name: "enums: one value is a literal",
      given: { E: { type: "string", enum: ["a", "b"] }, L: { type: "string", enum: ["only"] } },
      want: 'export const ESchema = z.enum(["a","b"]);\n\nexport const LSchema = z.literal("only");',
    },
    {
      name: "a discriminated union, after its branches",
      given: {
        U: {
          type: "object",
          oneOf: [{ $ref: "#/components/schemas/B" }],
          discriminator: { propertyName: "kind", mapping: { b: "#/components/schemas/B" } },
        },
        B: { type: "object", required: ["kind"], properties: { kind: { type: "string", enum: ["b"] } } },
      },
      want: 'export const BSchema = z.looseObject({ kind: z.literal("b") });\n\nexport const USchema = z.discriminatedUnion("kind", [BSchema]);',
    },
    {
      name: "a nullable reference, and a union of types",
      given: {
        N: { oneOf: [{ $ref: "#/components/schemas/S" }, { type: "null" }] },
        S: { oneOf: [{ type: "string" }, { type: "boolean" }] },
      },
      want: "export const SSchema = z.union([z.string(), z.boolean()]);\n\nexport const NSchema = SSchema.nullable();",
    },
    {
      name: "'at least one of' as a union of objects, each requiring one key",
      given: {
        F: {
          type: "object",
          properties: { a: { type: "string" }, b: { type: "string" } },
          allOf: [{ anyOf: [{ required: ["a"] }, { required: ["b"] }] }],
        },
      },
      want: "export const FSchema = z.union([z.looseObject({ a: z.string(), b: z.string().optional() }), z.looseObject({ a: z.string().optional(), b: z.string() })]);",
    },
  ];
  it.each(cases)("$name", ({ given, want }) => {
    expect(generate(given)).toContain(want);
  });

  it("refuses an allOf it does not understand", () => {
    expect(() =>
      generate({ X: { type: "object", allOf: [{ type: "object" }, { type: "object" }] } }),
    ).toThrow(/allOf/);
  });
});
