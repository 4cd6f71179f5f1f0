import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { detailFromAjvErrors } from "./ajv-errors";
import type { ValidationResult } from "./detail";
import { parseJsonText } from "./json-text";
import { normalizeResponseFormat } from "./response-format";

/**
 * The one place that compiles a schema at run time: a user's `response_format` schema is known only
 * then. Compiled validators are kept by the schema's hash (the most recent {@link cacheSize}).
 */
let ajv: Ajv2020 | undefined;

/** Made on first use: importing the package must not pay for a compiler it may never need. */
function compiler(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({
      // Users' schemas carry keywords ajv does not know (OpenAI's and others'); they are annotations here.
      strict: false,
      allErrors: true,
      verbose: true,
      messages: false,
      allowUnionTypes: true,
    });
    addFormats(ajv);
  }
  return ajv;
}

const cacheSize = 64;
const compiled = new Map<string, { text: string; validate: ValidateFunction }>();

/** JSON with sorted keys: the same schema written in another key order is the same schema. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** cyrb53: a fast 53-bit string hash (collisions are checked against the stored text). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const { $schema: _metaSchema, ...body } = schema;
  const text = canonicalJson(body);
  const key = hash(text);
  let entry = compiled.get(key);
  if (entry && entry.text === text) {
    compiled.delete(key);
  } else {
    let validate: ValidateFunction;
    try {
      validate = compiler().compile(body);
    } catch (error) {
      const why =
        error instanceof EvalError ? " (a Content-Security-Policy forbids compiling code here)" : "";
      throw new TypeError(`response_format's schema cannot be compiled${why}: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      // The cache above decides what stays; ajv's own registry (by object, and by `$id`) would only grow.
      compiler().removeSchema(body);
    }
    entry = { text, validate };
  }
  compiled.set(key, entry);
  if (compiled.size > cacheSize) compiled.delete(compiled.keys().next().value as string);
  return entry.validate;
}

/**
 * Checks a model's structured answer against the request's own `response_format`: parses `content`
 * (the JSON string in `choices[i].message.content`) and validates it against the schema.
 *
 * Returns the parsed value, or a `detail` whose `loc` starts at `options.loc` (default
 * `["response", "choices", 0, "message", "content"]`) and continues into the answer's JSON. Text that
 * is not JSON is `json_invalid` with Python's message and position, as the server words it. With a
 * `text` format the content is returned as it is; with `json_object` it must be a JSON object.
 *
 * @throws {RequestValidationError} when `responseFormat` is not a valid `response_format`.
 * @throws {TypeError} when its schema cannot be compiled.
 */
export function validateStructuredOutput(
  responseFormat: unknown,
  content: string | null | undefined,
  options: { loc?: readonly (string | number)[] } = {},
): ValidationResult<unknown> {
  const format = normalizeResponseFormat(responseFormat);
  const loc = [...(options.loc ?? ["response", "choices", 0, "message", "content"])];
  if (typeof content !== "string") {
    return {
      ok: false,
      detail: [{ loc, msg: "Input should be a valid string", type: "string_type", input: content }],
    };
  }
  if (format.type === "text") return { ok: true, value: content };
  const parsed = parseJsonText(content);
  if (!parsed.ok) {
    const { message, position } = parsed.error;
    return {
      ok: false,
      detail: [
        { loc: [...loc, position], msg: "JSON decode error", type: "json_invalid", ctx: { error: message } },
      ],
    };
  }
  const value = parsed.value;
  if (format.type === "json_object") {
    const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
    return isObject
      ? { ok: true, value }
      : {
          ok: false,
          detail: [{ loc, msg: "Input should be a valid dictionary", type: "dict_type", input: value }],
        };
  }
  const validate = validatorFor(format.schema);
  if (validate(value)) return { ok: true, value };
  return { ok: false, detail: detailFromAjvErrors(validate.errors ?? [], value, loc) };
}
