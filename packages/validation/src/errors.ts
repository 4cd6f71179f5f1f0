import type { ValidationDetail } from "./detail";

/** Shows the first problems the way Pydantic's ValidationError does: location, message, code. */
function summary(what: string, detail: ValidationDetail): string {
  const shown = detail
    .slice(0, 5)
    .map((issue) => `  ${issue.loc.join(".")}: ${issue.msg} [type=${issue.type}]`);
  const more = detail.length > shown.length ? [`  … and ${detail.length - shown.length} more`] : [];
  const count = `${detail.length} validation error${detail.length === 1 ? "" : "s"}`;
  return [`${count} in the ${what}`, ...shown, ...more].join("\n");
}

/**
 * A request the API would answer with 422. `detail` is that answer's `detail`, and `toJSON()` is the
 * whole answer's body, so a server can send it as it is.
 */
export class RequestValidationError extends Error {
  override readonly name = "RequestValidationError";
  readonly detail: ValidationDetail;

  constructor(detail: ValidationDetail, message = summary("request", detail)) {
    super(message);
    this.detail = detail;
  }

  toJSON(): { detail: ValidationDetail } {
    return { detail: this.detail };
  }
}

/** An answer that does not follow the spec; `detail` has the 422 shape, with `loc` starting at "response". */
export class ResponseValidationError extends Error {
  override readonly name = "ResponseValidationError";
  readonly detail: ValidationDetail;

  constructor(detail: ValidationDetail, message = summary("response", detail)) {
    super(message);
    this.detail = detail;
  }

  toJSON(): { detail: ValidationDetail } {
    return { detail: this.detail };
  }
}
