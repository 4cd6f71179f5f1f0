import { detailFromAjvErrors } from "./ajv-errors";
import type { ValidationResult } from "./detail";
import type { StandaloneValidator } from "./generated/ajv/request.js";

/** Where a request's problems are: FastAPI puts the body's fields under "body". */
export const BODY = ["body"] as const;
/** Where an answer's problems are. */
export const RESPONSE = ["response"] as const;

/** Runs a generated validator and, when the value fails, maps its errors to the API's `detail`. */
export function runValidator<T>(
  validate: StandaloneValidator<T>,
  value: unknown,
  prefix: readonly (string | number)[],
): ValidationResult<T> {
  if (validate(value)) return { ok: true, value };
  return { ok: false, detail: detailFromAjvErrors(validate.errors ?? [], value, prefix) };
}
