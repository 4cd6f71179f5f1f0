import type { JsonSchemaObject, ResponseFormat } from "@vlmchat/types";
import { RequestValidationError } from "./errors";
import { ResponseFormat as checkResponseFormat } from "./generated/ajv/request.js";
import { runValidator } from "./validator";

/**
 * `response_format` in one spelling: plain text, any JSON object, or JSON that follows `schema`. It is a
 * valid `response_format` itself (the seed's spelling, the one the server documents).
 */
export type CanonicalResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; schema: JsonSchemaObject };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Every accepted spelling of `response_format`, in its canonical form:
 *
 * - `{type: "json_schema", schema}` (the seed's) stays as it is;
 * - `{type: "json_schema", json_schema: {name, schema, strict?, description?}}` (OpenAI's) gives its
 *   `schema` (a `json_schema` with a string `name` and an object `schema` is read as this wrapper);
 * - `{type: "json_schema", json_schema: <raw schema>}` gives that schema;
 * - `{type: "json_object", schema}` (Fireworks' JSON mode with a schema) means the same: `json_schema`;
 * - `{type: "json_object"}` and `{type: "text"}` stay as they are.
 *
 * When both `schema` and `json_schema` are given, `schema` wins (it is what the server documents).
 * OpenAI's `name`, `strict` and `description` are dropped: the server does not read them.
 *
 * @throws {RequestValidationError} when `responseFormat` is no accepted spelling (`loc` starts at
 *   `["body", "response_format"]`).
 */
export function normalizeResponseFormat(responseFormat: unknown): CanonicalResponseFormat {
  const result = runValidator(checkResponseFormat, responseFormat, ["body", "response_format"]);
  if (!result.ok) throw new RequestValidationError(result.detail);
  const format: ResponseFormat = result.value;
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return format.schema ? { type: "json_schema", schema: format.schema } : { type: "json_object" };
    case "json_schema": {
      if (format.schema) return { type: "json_schema", schema: format.schema };
      const inner = format.json_schema as Record<string, unknown>;
      const isWrapper = typeof inner.name === "string" && isObject(inner.schema);
      return { type: "json_schema", schema: (isWrapper ? inner.schema : inner) as JsonSchemaObject };
    }
  }
}
