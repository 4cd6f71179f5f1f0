import type { ResponseFormat } from "@vlmchat/types";
import { formatDetail, normalizeResponseFormat } from "@vlmchat/validation";
import { validateStructuredOutput } from "@vlmchat/validation/structured-output";
import { composeAnswer, type MadeImage, type SessionHistory } from "./answer-text";
import type { Conversation } from "./conversation";
import { EngineError } from "./errors";
import { generateInstance, UnsatisfiableSchemaError, UnsupportedSchemaError } from "./json-instance";

type JsonSchema = Record<string, unknown>;

/** How the answer is written: free text, or JSON (following a schema when the request gives one). */
export type AnswerFormat =
  | { kind: "text" }
  | { kind: "json"; schema: JsonSchema | undefined; responseFormat: ResponseFormat };

export function answerFormatOf(responseFormat: ResponseFormat | undefined): AnswerFormat {
  if (responseFormat === undefined) return { kind: "text" };
  const normalized = normalizeResponseFormat(responseFormat);
  if (normalized.type === "text") return { kind: "text" };
  return {
    kind: "json",
    schema: normalized.type === "json_schema" ? normalized.schema : undefined,
    responseFormat,
  };
}

/** Tries per choice before giving up; later tries pick other union branches and enum values. */
const ATTEMPTS = 4;

/**
 * A JSON text valid against `schema`, generated deterministically and checked with the validation
 * package before it is sent. A schema the generator cannot satisfy is a 500 that says so: the mock
 * never sends an answer that breaks the caller's own schema.
 */
export function generateCheckedJson(
  schema: JsonSchema,
  responseFormat: ResponseFormat,
  variant: number,
  what = "the response schema",
  patternValue?: (pattern: string) => string | undefined,
): string {
  // Compiling first tells a schema that is not valid JSON Schema (the caller's mistake, a 400) from one
  // the generator cannot satisfy (the mock's limit, a 500).
  checkContent(responseFormat, "null", what);
  let problem = "";
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let content: string;
    try {
      content = JSON.stringify(
        generateInstance(schema, { variant, attempt, ...(patternValue ? { patternValue } : {}) }),
      );
    } catch (error) {
      if (error instanceof UnsatisfiableSchemaError) {
        throw new EngineError(400, `No JSON value can satisfy ${what}: ${error.message}`);
      }
      if (error instanceof UnsupportedSchemaError) {
        problem = error.message;
        break;
      }
      throw error;
    }
    const checked = checkContent(responseFormat, content, what);
    if (checked.ok) return content;
    problem = formatDetail(checked.detail).join("; ");
  }
  throw new EngineError(500, `The mock server could not generate JSON valid against ${what}: ${problem}`);
}

/** The validation package's check; a schema it cannot compile is the request's fault: a 400. */
function checkContent(responseFormat: ResponseFormat, content: string, what: string) {
  try {
    return validateStructuredOutput(responseFormat, content);
  } catch (error) {
    if (error instanceof TypeError)
      throw new EngineError(400, `Invalid JSON Schema in ${what}: ${error.message}`);
    throw error;
  }
}

/** The `json_object` answer when no schema is given: the text answer, and what it is made of, as JSON. */
export function summaryJson(
  conversation: Conversation,
  history: SessionHistory,
  choiceIndex: number,
  choiceCount: number,
  image: MadeImage | undefined,
): string {
  const answer = composeAnswer({
    choiceIndex,
    choiceCount,
    history,
    image,
    lastUserParts: conversation.lastUserParts,
    lastUserText: conversation.lastUserText,
    toolResults: conversation.toolResults,
  });
  return JSON.stringify({
    answer,
    earlier_turns: history.earlierTurns,
    parts: conversation.lastUserParts.map(({ text: _text, ...part }) => part),
  });
}

/**
 * Fills the id of string fields shaped like an `ImageRef` (a pattern that names the `img_` prefix and
 * accepts the id) with the image the answer made, so the structured answer refers to a real artifact.
 */
export function imageRefFiller(
  image: MadeImage | undefined,
): ((pattern: string) => string | undefined) | undefined {
  if (!image) return undefined;
  return (pattern) => {
    if (!pattern.includes("img")) return undefined;
    try {
      return new RegExp(pattern, "u").test(image.objectId) ? image.objectId : undefined;
    } catch {
      return undefined;
    }
  };
}
