import { detailFromAjvErrors } from "./ajv-errors";
import type { LocRoot, ValidationResult } from "./detail";
import type { StandaloneValidator } from "./generated/ajv/request.js";

/** Runs a generated validator and, when the value fails, maps its errors to the API's `detail`. */
export function runValidator<T>(
  validate: StandaloneValidator<T>,
  value: unknown,
  at: LocRoot,
): ValidationResult<T> {
  if (validate(value)) return { ok: true, value };
  return { ok: false, detail: detailFromAjvErrors(validate.errors ?? [], value, at) };
}
