import type {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionMessage,
  NonStreamingChatCompletionRequest,
  ResponseFormat,
} from "@vlmchat/types";
import { formatDetail, StructuredOutputError, type ValidationDetail, VlmChatError } from "./errors";
import type { RequestOptions } from "./transport";

/** The part of the Standard Schema / Standard JSON Schema interfaces (standardschema.dev) `parse` uses. */
export interface StandardJSONSchema<Output = unknown> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly jsonSchema: { readonly input: (options: { target: string }) => Record<string, unknown> };
    readonly types?: { readonly input: unknown; readonly output: Output } | undefined;
  };
}

type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** A Standard Schema that can also write itself as JSON Schema (what `parse` needs to send it). */
export type StandardSchema<Output = unknown> = StandardJSONSchema<Output>;

/**
 * Checks a structured answer against a JSON Schema `response_format` (the shape of
 * `validateStructuredOutput` from `@vlmchat/validation/structured-output`).
 */
export type OutputValidator = (
  responseFormat: ResponseFormat,
  content: string,
  options: { loc: Array<string | number> },
) => { ok: true; value: unknown } | { ok: false; detail: ValidationDetail };

/** `parse()`'s options: a request's options, and the checker of answers to a plain JSON Schema. */
export interface ParseOptions extends RequestOptions {
  /** Needed when `response_format` is a JSON Schema rather than a Standard Schema (zod, valibot, …). */
  outputValidator?: OutputValidator | undefined;
}

/** A JSON Schema object. */
export type JsonSchema = { readonly [key: string]: unknown };

/** What `parse` takes as `response_format`: a zod (or other Standard) schema, a JSON Schema, or a `response_format`. */
export type StructuredSchema = StandardJSONSchema | JsonSchema | ResponseFormat;

/** The output type of a Standard schema (what zod's `z.output` gives). */
export type SchemaOutput<Schema extends StandardJSONSchema> = NonNullable<
  Schema["~standard"]["types"]
>["output"];

export type ParseParams<Schema> = Omit<NonStreamingChatCompletionRequest, "response_format" | "stream"> & {
  response_format: Schema;
  stream?: false;
};

export type ParsedChatCompletionMessage<Parsed> = ChatCompletionMessage & { parsed: Parsed };
export type ParsedChoice<Parsed> = Omit<ChatCompletionChoice, "message"> & {
  message: ParsedChatCompletionMessage<Parsed>;
};
/** A completion whose choices carry `message.parsed`. */
export type ParsedChatCompletion<Parsed> = Omit<ChatCompletion, "choices"> & {
  choices: ParsedChoice<Parsed>[];
};

type Check = (content: string, loc: Array<string | number>) => Promise<CheckResult>;
type CheckResult = { ok: true; value: unknown } | { ok: false; detail: ValidationDetail };

/**
 * Sends `params` with the schema as the seed's `{type: "json_schema", schema}` and checks every choice's
 * answer: complete (not cut by `max_tokens`), JSON, and valid against the schema.
 */
export async function parseCompletion<Parsed>(
  params: ParseParams<unknown>,
  outputValidator: OutputValidator | undefined,
  create: (body: NonStreamingChatCompletionRequest) => PromiseLike<ChatCompletion>,
): Promise<ParsedChatCompletion<Parsed>> {
  const { response_format, ...rest } = params;
  const { format, check } = plan(response_format, outputValidator);
  const completion = await create({ ...rest, stream: false, response_format: format });
  const choices: ParsedChoice<Parsed>[] = [];
  for (const choice of completion.choices) {
    const content = choice.message.content;
    const loc = ["response", "choices", choice.index, "message", "content"];
    if (choice.finish_reason === "length") {
      throw new StructuredOutputError(
        "The answer was cut short (finish_reason: length): raise max_tokens or ask for less",
        content,
        [
          {
            loc: ["response", "choices", choice.index, "finish_reason"],
            msg: "Answer truncated",
            type: "finish_reason_length",
          },
        ],
        completion,
      );
    }
    if (typeof content !== "string") {
      const why = choice.message.refusal
        ? `the model refused: ${choice.message.refusal}`
        : "the answer has no content";
      throw new StructuredOutputError(
        `No structured answer: ${why}`,
        null,
        [{ loc, msg: why, type: "missing" }],
        completion,
      );
    }
    const result = await check(content, loc);
    if (!result.ok) {
      throw new StructuredOutputError(
        `The answer does not match the schema: ${formatDetail(result.detail).slice(0, 3).join("; ")}`,
        content,
        result.detail,
        completion,
      );
    }
    choices.push({ ...choice, message: { ...choice.message, parsed: result.value as Parsed } });
  }
  return { ...completion, choices };
}

/** The `response_format` to send for a schema, and how to check an answer against it. */
function plan(
  schema: unknown,
  outputValidator: OutputValidator | undefined,
): { format: ResponseFormat; check: Check } {
  if (!schema || typeof schema !== "object") {
    throw new VlmChatError(
      "parse() needs response_format: a zod schema, a JSON Schema object or a response_format",
    );
  }
  const standard = (schema as Partial<StandardJSONSchema>)["~standard"];
  if (standard) {
    if (typeof standard.jsonSchema?.input !== "function") {
      throw new VlmChatError(
        `response_format: this ${standard.vendor} schema cannot produce a JSON Schema (zod needs 4.2 or later); pass a JSON Schema instead`,
      );
    }
    // The model writes what the schema takes in (its input); transforms then give the output type.
    const jsonSchema = standard.jsonSchema.input({ target: "draft-2020-12" });
    return {
      format: { type: "json_schema", schema: jsonSchema },
      check: async (content, loc) => {
        const json = parseJson(content, loc);
        if (!json.ok) return json;
        const result = await standard.validate(json.value);
        if (!result.issues) return { ok: true, value: result.value };
        return {
          ok: false,
          detail: result.issues.map((issue) => ({
            loc: [...loc, ...(issue.path ?? []).map(pathKey)],
            msg: issue.message,
            type: "value_error",
          })),
        };
      },
    };
  }
  const format = toSeedFormat(schema as Record<string, unknown>);
  if (!outputValidator) {
    throw new VlmChatError(
      "parse() with a JSON Schema needs options.outputValidator to check the answer, e.g. validateStructuredOutput from @vlmchat/validation/structured-output (or pass a zod schema)",
    );
  }
  return { format, check: async (content, loc) => outputValidator(format, content, { loc }) };
}

/** Any spelling of a JSON-schema response format, or a bare JSON Schema, as the seed's `{type, schema}`. */
function toSeedFormat(value: Record<string, unknown>): ResponseFormat {
  if (value.type === "text")
    throw new VlmChatError("parse() needs a schema; response_format {type: 'text'} has none");
  if (value.type === "json_object") return value as ResponseFormat;
  if (value.type === "json_schema") {
    const inner = value.json_schema as Record<string, unknown> | undefined;
    const isWrapper = inner && typeof inner.name === "string" && typeof inner.schema === "object";
    const schema = value.schema ?? (isWrapper ? inner.schema : inner);
    if (!schema || typeof schema !== "object") {
      throw new VlmChatError("response_format {type: 'json_schema'} needs `schema` or `json_schema`");
    }
    return { type: "json_schema", schema: schema as Record<string, unknown> };
  }
  return { type: "json_schema", schema: value };
}

function parseJson(content: string, loc: Array<string | number>): CheckResult {
  try {
    return { ok: true, value: JSON.parse(content) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return {
      ok: false,
      detail: [
        { loc: [...loc, position], msg: "JSON decode error", type: "json_invalid", ctx: { error: message } },
      ],
    };
  }
}

function pathKey(segment: PropertyKey | { readonly key: PropertyKey }): string | number {
  const key = typeof segment === "object" ? segment.key : segment;
  return typeof key === "number" ? key : String(key);
}
