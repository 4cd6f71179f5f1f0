import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
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

/** `"0"`, or `"2; response body.choices.0.finish_reason: Field required"`: bounded, printable ASCII. */
export function violationsHeaderValue(violations: readonly Violation[]): string {
  const first = violations[0];
  if (!first) return "0";
  const where = [first.where, ...(first.loc ?? []).map(String)].join(" ");
  const text = `${violations.length}; ${where}: ${first.msg}`.replace(/[^\x20-\x7e]/g, "?");
  return text.length <= VIOLATIONS_HEADER_LIMIT ? text : `${text.slice(0, VIOLATIONS_HEADER_LIMIT - 3)}...`;
}

/** The JSON-lines log: one line per violation, with the exchange it belongs to. */
export class ViolationLog {
  private stream: WriteStream | undefined;
  constructor(private readonly path: string) {}

  write(
    exchange: { requestId: string; method: string; path: string; status: number },
    violations: Violation[],
  ): void {
    if (violations.length === 0) return;
    if (!this.stream) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.stream = createWriteStream(this.path, { flags: "a" });
    }
    const time = new Date().toISOString();
    let lines = "";
    for (const violation of violations) lines += `${JSON.stringify({ time, ...exchange, ...violation })}\n`;
    this.stream.write(lines);
  }

  close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => stream.end(resolve));
  }
}
