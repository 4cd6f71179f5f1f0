import * as validation from "@vlmchat/validation";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findJsonSyntaxError } from "../src/json-text";
import { mutated, validValue } from "./arbitrary";
import { agreeing, verdicts } from "./reference";

type Validator = (value: unknown) => validation.ValidationResult<unknown>;

const validators: [string, string, Validator, string][] = [
  ["ChatCompletionRequest", "lax", (v) => validation.validateChatCompletionRequest(v), "body"],
  [
    "ChatCompletionRequest",
    "strict",
    (v) => validation.validateChatCompletionRequest(v, { strict: true }),
    "body",
  ],
  ["ChatCompletion", "", validation.validateChatCompletion, "response"],
  ["ChatCompletionChunk", "", validation.validateChatCompletionChunk, "response"],
  ["ChatCompletionStreamEvent", "", validation.validateStreamEvent, "response"],
  ["ModelList", "", validation.validateModelList, "response"],
  ["Model", "", validation.validateModel, "response"],
  ["HealthStatus", "", validation.validateHealthStatus, "response"],
  ["HTTPValidationError", "", validation.validateHTTPValidationError, "response"],
  ["ErrorDetail", "", validation.validateErrorDetail, "response"],
];

/** A failure's `detail` is itself a valid 422 body, every `loc` starts where it should, and says something. */
function expectWellFormed(result: validation.ValidationResult<unknown>, root: string) {
  if (result.ok) return;
  expect(result.detail.length).toBeGreaterThan(0);
  expect(validation.validateHTTPValidationError({ detail: result.detail })).toMatchObject({ ok: true });
  for (const issue of result.detail) {
    expect(issue.loc[0]).toBe(root);
    for (const part of issue.loc.slice(1)) {
      if (typeof part === "number") expect(Number.isInteger(part) && part >= 0).toBe(true);
    }
    expect(issue.msg.length).toBeGreaterThan(0);
    expect(issue.type).toMatch(/^[a-z_]+$/);
  }
}

const runs = { numRuns: 150 };

describe.each(validators)("%s %s", (schema, _mode, validate, root) => {
  it("never throws on arbitrary JSON, and every failure has a well-formed detail", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => expectWellFormed(validate(value), root)),
      runs,
    );
  });

  it("accepts values generated from the spec's schema", () => {
    fc.assert(
      fc.property(validValue(schema), (value) => {
        const result = validate(value);
        expect(result, JSON.stringify(value)).toEqual({ ok: true, value });
      }),
      runs,
    );
  });

  it("never throws on a valid value with one part replaced, and its detail is well-formed", () => {
    fc.assert(
      fc.property(mutated(validValue(schema)), (value) => expectWellFormed(validate(value), root)),
      runs,
    );
  });
});

// The strict variant has no reference in the spec (the spec allows unknown keys), so only lax verdicts
// are compared.
describe.each(validators.filter(([, mode]) => mode !== "strict"))("%s %s", (schema) => {
  it("agrees with ajv compiled at run time and with zod on valid values with one part replaced (the request guard too)", () => {
    fc.assert(
      fc.property(mutated(validValue(schema)), (value) => {
        const all = verdicts(schema, value);
        expect(all, JSON.stringify(value)).toEqual(agreeing(all));
      }),
      runs,
    );
  });
});

describe("parseChatCompletionRequest", () => {
  it("never throws on any text, and fails exactly when JSON.parse fails or the request is invalid", () => {
    const texts = fc.oneof(
      fc.string(),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.jsonValue({ maxDepth: 3 }).chain((v) => {
        const text = JSON.stringify(v);
        return fc.nat({ max: text.length }).map((cut) => text.slice(0, cut));
      }),
      mutated(validValue("ChatCompletionRequest")).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const result = validation.parseChatCompletionRequest(text);
        expectWellFormed(result, "body");
        let parsed: { ok: true; value: unknown } | { ok: false };
        try {
          parsed = { ok: true, value: JSON.parse(text) };
        } catch {
          parsed = { ok: false };
        }
        if (!parsed.ok) {
          expect(result).toMatchObject({
            ok: false,
            detail: [{ type: text === "" ? "missing" : "json_invalid" }],
          });
        } else {
          expect(result.ok).toBe(validation.validateChatCompletionRequest(parsed.value).ok);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("the JSON syntax checker", () => {
  it("finds an error exactly when JSON.parse throws", () => {
    const texts = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'{}[],:"\\ 0123456789.-+eEtrufalsn\n\tu') }),
      fc.jsonValue({ maxDepth: 3 }).chain((v) => {
        const text = JSON.stringify(v, null, 1);
        return fc
          .tuple(fc.nat({ max: text.length }), fc.string({ maxLength: 2 }))
          .map(([at, insert]) => text.slice(0, at) + insert + text.slice(at));
      }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(findJsonSyntaxError(text) === undefined, text).toBe(parses);
      }),
      { numRuns: 1000 },
    );
  });
});
