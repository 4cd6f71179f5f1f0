import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** One way an exchange breaks the spec. */
export interface Violation {
  /** Which message: `request`, `response`, `chunk 3`, or `stream` for an invariant of the whole stream. */
  where: string;
  /** The JSON path inside that message, when there is one (the validation package's `loc`). */
  loc?: (string | number)[];
  msg: string;
  /** A Pydantic-style code from the validator, or `stream_invariant`, `status_undocumented`, … */
  type: string;
}

interface DetailItem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** The validation package's `detail`, as violations of one message. */
export function fromDetail(where: string, detail: readonly DetailItem[]): Violation[] {
  return detail.map((item) => ({ where, loc: item.loc, msg: item.msg, type: item.type }));
}

/** Most characters of the `x-vlmchat-violations` header: the count, then the first violation, cut short. */
export const VIOLATIONS_HEADER_LIMIT = 200;
export const VIOLATIONS_HEADER = "x-vlmchat-violations";

/** `"0"`, or `"2; response.choices.0.finish_reason: Field required"`: bounded, printable ASCII. */
export function violationsHeaderValue(violations: readonly Violation[]): string {
  const first = violations[0];
  if (!first) return "0";
  // `request`/`response` repeat what the loc's first key says; a chunk number does not.
  const loc = first.loc?.join(".");
  const where = !loc
    ? first.where
    : first.where === "request" || first.where === "response"
      ? loc
      : `${first.where} ${loc}`;
  const text = `${violations.length}; ${where}: ${first.msg}`.replace(/[^\x20-\x7e]/g, "?");
  return text.length <= VIOLATIONS_HEADER_LIMIT ? text : `${text.slice(0, VIOLATIONS_HEADER_LIMIT - 3)}...`;
}

/**
 * The JSON-lines log: one line per violation, with the exchange it belongs to. Lines are appended
 * synchronously, before the answer is sent, so the log is complete the moment a caller sees the count.
 */
export class ViolationLog {
  private ready = false;
  constructor(private readonly path: string) {}

  write(
    exchange: { requestId: string; method: string; path: string; status: number },
    violations: Violation[],
  ): void {
    if (violations.length === 0) return;
    if (!this.ready) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.ready = true;
    }
    const time = new Date().toISOString();
    let lines = "";
    for (const violation of violations) lines += `${JSON.stringify({ time, ...exchange, ...violation })}\n`;
    appendFileSync(this.path, lines);
  }
}
