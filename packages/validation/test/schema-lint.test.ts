import { checkResponseFormatSchema } from "@vlmchat/validation";
import { describe, expect, it } from "vitest";

const at = ["body", "response_format", "schema"];

describe("checkResponseFormatSchema", () => {
  it("finds nothing to say about a plain object schema with in-document references", () => {
    const schema = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        line: { $ref: "#/$defs/Line" },
        other: { $ref: "#/definitions/Other" },
        anchor: { $ref: "#a" },
      },
      $defs: { Line: { type: "object", properties: { qty: { type: "integer" } } } },
      definitions: { Other: { type: ["string", "null"], $anchor: "a" } },
    };
    expect(checkResponseFormatSchema(schema)).toEqual([]);
  });

  const cases: { name: string; given: unknown; want: unknown[] }[] = [
    {
      name: "not an object",
      given: '{"type":"object"}',
      want: [
        { loc: at, msg: "Input should be a valid dictionary", type: "dict_type", input: '{"type":"object"}' },
      ],
    },
    {
      name: "no type at the root",
      given: { properties: { a: { type: "string" } } },
      want: [
        {
          loc: [...at, "type"],
          msg: "Field required",
          type: "missing",
          input: { properties: { a: { type: "string" } } },
        },
      ],
    },
    {
      name: "a type that is not a JSON type",
      given: { type: "object", properties: { when: { type: "date" } } },
      want: [
        {
          loc: [...at, "properties", "when", "type"],
          msg: "Input should be 'array', 'boolean', 'integer', 'null', 'number', 'object' or 'string'",
          type: "literal_error",
          input: "date",
          ctx: { expected: "'array', 'boolean', 'integer', 'null', 'number', 'object' or 'string'" },
        },
      ],
    },
    {
      name: "references that do not resolve, or leave the document",
      given: { type: "array", items: [{ $ref: "#/$defs/Nope" }], prefixItems: [{ $ref: "other.json#/x" }] },
      want: [
        {
          loc: [...at, "items", 0, "$ref"],
          msg: "#/$defs/Nope does not resolve inside the schema",
          type: "ref_unresolved",
          input: "#/$defs/Nope",
        },
        {
          loc: [...at, "prefixItems", 0, "$ref"],
          msg: "The server resolves only references inside the schema (`#/…`), not other.json#/x",
          type: "ref_external",
          input: "other.json#/x",
        },
      ],
    },
    {
      name: "keywords the server's JSON mode does not support (a property may be called so)",
      given: { type: "object", properties: { pattern: { type: "string", pattern: "^a", maxLength: 3 } } },
      want: [
        {
          loc: [...at, "properties", "pattern", "maxLength"],
          msg: "The server's JSON schema mode does not support `maxLength`; the answer may not follow it",
          type: "keyword_unsupported",
          input: 3,
          ctx: { keyword: "maxLength" },
        },
        {
          loc: [...at, "properties", "pattern", "pattern"],
          msg: "The server's JSON schema mode does not support `pattern`; the answer may not follow it",
          type: "keyword_unsupported",
          input: "^a",
          ctx: { keyword: "pattern" },
        },
      ],
    },
  ];
  it.each(cases)("reports $name", ({ given, want }) => {
    expect(checkResponseFormatSchema(given)).toEqual(want);
  });

  it("puts loc where the caller says", () => {
    expect(checkResponseFormatSchema({}, { loc: ["schema"] })).toMatchObject([{ loc: ["schema", "type"] }]);
  });
});
