import { normalizeResponseFormat, RequestValidationError } from "@vlmchat/validation";
import { describe, expect, it } from "vitest";

const schema = { type: "object", properties: { total: { type: "number" } }, required: ["total"] };

describe("normalizeResponseFormat", () => {
  const cases: { name: string; given: unknown; want: unknown }[] = [
    { name: "text", given: { type: "text" }, want: { type: "text" } },
    { name: "json_object", given: { type: "json_object" }, want: { type: "json_object" } },
    {
      name: "json_object with a schema (Fireworks)",
      given: { type: "json_object", schema },
      want: { type: "json_schema", schema },
    },
    {
      name: "the seed's {type, schema}",
      given: { type: "json_schema", schema },
      want: { type: "json_schema", schema },
    },
    {
      name: "OpenAI's wrapper",
      given: {
        type: "json_schema",
        json_schema: { name: "invoice", strict: true, description: "d", schema },
      },
      want: { type: "json_schema", schema },
    },
    {
      name: "a raw schema under json_schema",
      given: { type: "json_schema", json_schema: schema },
      want: { type: "json_schema", schema },
    },
    {
      name: "a raw schema that has a `name` property but no object `schema`",
      given: { type: "json_schema", json_schema: { type: "object", name: "x" } },
      want: { type: "json_schema", schema: { type: "object", name: "x" } },
    },
    {
      name: "both spellings: `schema` wins",
      given: { type: "json_schema", schema, json_schema: { name: "other", schema: { type: "string" } } },
      want: { type: "json_schema", schema },
    },
  ];
  it.each(cases)("$name", ({ given, want }) => {
    expect(normalizeResponseFormat(given)).toEqual(want);
  });

  it("the canonical form is itself a valid spelling, and normalizing it changes nothing", () => {
    for (const { given } of cases) {
      const once = normalizeResponseFormat(given);
      expect(normalizeResponseFormat(once)).toEqual(once);
    }
  });

  it("throws the API's 422 for a spelling the API does not accept", () => {
    let thrown: unknown;
    try {
      normalizeResponseFormat({ type: "json_schema", json_schema: "invoice" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestValidationError);
    expect((thrown as RequestValidationError).toJSON()).toEqual({
      detail: [
        {
          loc: ["body", "response_format", "json_schema"],
          msg: "Input should be a valid dictionary",
          type: "dict_type",
          input: "invoice",
        },
      ],
    });
  });
});
