import { validateStructuredOutput } from "@vlmchat/validation/structured-output";
import { describe, expect, it } from "vitest";

const invoice = {
  type: "json_schema",
  json_schema: {
    name: "invoice",
    schema: {
      type: "object",
      properties: {
        invoice_number: { type: "string" },
        total: { type: "number", minimum: 0 },
        currency: { enum: ["EUR", "USD"] },
        lines: {
          type: "array",
          items: { type: "object", properties: { qty: { type: "integer" } }, required: ["qty"] },
        },
        note: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["invoice_number", "total"],
    },
  },
};
const content = ["response", "choices", 0, "message", "content"];

describe("validateStructuredOutput", () => {
  it("returns the parsed answer when it follows the request's schema", () => {
    const answer =
      '{"invoice_number":"INV-0042","total":1250.0,"currency":"EUR","lines":[{"qty":2}],"note":null}';
    expect(validateStructuredOutput(invoice, answer)).toEqual({ ok: true, value: JSON.parse(answer) });
  });

  it("points into the answer when it does not", () => {
    const answer = '{"total":-5,"currency":"GBP","lines":[{"qty":1.5},{}],"note":7}';
    expect(validateStructuredOutput(invoice, answer)).toEqual({
      ok: false,
      detail: [
        {
          loc: [...content, "invoice_number"],
          msg: "Field required",
          type: "missing",
          input: JSON.parse(answer),
        },
        {
          loc: [...content, "total"],
          msg: "Input should be greater than or equal to 0",
          type: "greater_than_equal",
          input: -5,
          ctx: { ge: 0 },
        },
        {
          loc: [...content, "currency"],
          msg: "Input should be 'EUR' or 'USD'",
          type: "literal_error",
          input: "GBP",
          ctx: { expected: "'EUR' or 'USD'" },
        },
        {
          loc: [...content, "lines", 0, "qty"],
          msg: "Input should be a valid integer, got a number with a fractional part",
          type: "int_from_float",
          input: 1.5,
        },
        { loc: [...content, "lines", 1, "qty"], msg: "Field required", type: "missing", input: {} },
        // A nullable field (Pydantic's Optional) reports its one non-null type.
        { loc: [...content, "note"], msg: "Input should be a valid string", type: "string_type", input: 7 },
      ],
    });
  });

  it("reports an answer that is not JSON as FastAPI would, at Python's position", () => {
    expect(validateStructuredOutput(invoice, '{"total": 12,}')).toEqual({
      ok: false,
      detail: [
        {
          loc: [...content, 13],
          msg: "JSON decode error",
          type: "json_invalid",
          ctx: { error: "Expecting property name enclosed in double quotes" },
        },
      ],
    });
  });

  it("takes every spelling of response_format, and a loc of the caller's choice", () => {
    const schema = { type: "object", required: ["a"] };
    for (const format of [
      { type: "json_schema", schema },
      { type: "json_object", schema },
      { type: "json_schema", json_schema: schema },
    ]) {
      expect(validateStructuredOutput(format, "{}", { loc: ["content"] })).toMatchObject({
        ok: false,
        detail: [{ loc: ["content", "a"], type: "missing" }],
      });
    }
  });

  it("with json_object wants an object, with text takes the content as it is", () => {
    expect(validateStructuredOutput({ type: "json_object" }, "[1]")).toMatchObject({
      ok: false,
      detail: [{ loc: content, type: "dict_type" }],
    });
    expect(validateStructuredOutput({ type: "text" }, "not JSON")).toEqual({ ok: true, value: "not JSON" });
  });

  it("reports a missing content (a refusal, or tool calls)", () => {
    expect(validateStructuredOutput(invoice, null)).toMatchObject({
      ok: false,
      detail: [{ type: "string_type" }],
    });
  });

  it("compiles each schema once, whatever its key order", () => {
    const a = {
      type: "json_schema",
      schema: { type: "object", properties: { x: { type: "string" } }, required: ["x"] },
    };
    const b = {
      type: "json_schema",
      schema: { required: ["x"], properties: { x: { type: "string" } }, type: "object" },
    };
    expect(validateStructuredOutput(a, '{"x":1}')).toMatchObject({ ok: false });
    expect(validateStructuredOutput(b, '{"x":"1"}')).toEqual({ ok: true, value: { x: "1" } });
  });

  it("says so when the schema cannot be compiled", () => {
    const broken = {
      type: "json_schema",
      schema: { type: "object", properties: { a: { $ref: "#/$defs/Missing" } } },
    };
    expect(() => validateStructuredOutput(broken, "{}")).toThrow(/cannot be compiled/);
  });
});
