/**
 * `@vlmchat/validation/errors`: the base of every error vlmchat throws, the two validation errors, and
 * the one way a 422 `detail` list is written for people. It imports neither ajv nor zod, so the client
 * (whose HTTP errors extend `VlmChatError`) carries it at no cost, and `instanceof` holds whichever
 * package a class is imported from.
 */
import type { ValidationDetail } from "./detail";

export type { ValidationDetail, ValidationIssue } from "./detail";

/** The base of every error the vlmchat packages throw. */
export class VlmChatError extends Error {
  override name = "VlmChatError";
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A `loc` as the path a developer would write: `["body", "messages", 0, "role"]` is `messages[0].role`.
 * The leading `"body"` (or `"response"`) names where the value was, not a field.
 */
export function formatLocation(loc: readonly (string | number)[]): string {
  const path = loc[0] === "body" || loc[0] === "response" ? loc.slice(1) : loc;
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === "" ? `(${loc[0] === "response" ? "response" : "request body"})` : out;
}

/**
 * A `detail` as one line per problem, `messages[0].role: Input should be 'system', …`. Takes any
 * `detail` a server sends: FastAPI's list, a string, or an object (written as JSON).
 */
export function formatDetail(detail: unknown): string[] {
  if (typeof detail === "string") return [detail];
  if (!Array.isArray(detail)) return detail === undefined ? [] : [JSON.stringify(detail)];
  return detail.map((item: { loc?: unknown; msg?: unknown } | null) =>
    Array.isArray(item?.loc)
      ? `${formatLocation(item.loc)}: ${item.msg}`
      : String(item?.msg ?? JSON.stringify(item)),
  );
}

/** `2 validation errors in the request: a: …; b: …` (the first three problems, then a count). */
function summary(what: string, detail: ValidationDetail): string {
  const lines = formatDetail(detail);
  const more = lines.length > 3 ? `; … and ${lines.length - 3} more` : "";
  const count = `${detail.length} validation error${detail.length === 1 ? "" : "s"}`;
  return `${count} in the ${what}: ${lines.slice(0, 3).join("; ")}${more}`;
}

/** An error that carries FastAPI-style `detail` items; `toJSON()` is the 422 body they make. */
abstract class DetailError extends VlmChatError {
  readonly detail: ValidationDetail;

  constructor(detail: ValidationDetail, message: string) {
    super(message);
    this.detail = detail;
  }

  toJSON(): { detail: ValidationDetail } {
    return { detail: this.detail };
  }
}

/**
 * A request the API would answer with 422. `detail` is that answer's `detail`, and `toJSON()` is the
 * whole answer's body, so a server can send it as it is.
 */
export class RequestValidationError extends DetailError {
  override name = "RequestValidationError";

  constructor(detail: ValidationDetail, message = summary("request", detail)) {
    super(detail, message);
  }
}

/** An answer that does not follow the spec; `detail` has the 422 shape, with `loc` starting at "response". */
export class ResponseValidationError extends DetailError {
  override name = "ResponseValidationError";

  constructor(detail: ValidationDetail, message = summary("response", detail)) {
    super(detail, message);
  }
}
