import type { ValidationIssue } from "@vlmchat/validation";

/**
 * Query parameters read the way FastAPI reads them (Pydantic v2 in lax mode: `"1"`, `"true"`, `"yes"`
 * convert), every problem collected with `loc` starting at `"query"`, as the real server's 422 says.
 * The last value of a repeated parameter wins, as for FastAPI's scalar parameters.
 */
export class QueryReader {
  readonly problems: ValidationIssue[] = [];
  constructor(private readonly params: URLSearchParams) {}

  string(name: string): string | undefined {
    const all = this.params.getAll(name);
    return all.at(-1);
  }

  integer(name: string, bounds: { min?: number; max?: number; fallback: number }): number {
    const raw = this.string(name);
    if (raw === undefined) return bounds.fallback;
    if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
      this.fail(
        name,
        raw,
        "int_parsing",
        "Input should be a valid integer, unable to parse string as an integer",
      );
      return bounds.fallback;
    }
    const value = Number(raw);
    if (bounds.min !== undefined && value < bounds.min) {
      this.fail(name, raw, "greater_than_equal", `Input should be greater than or equal to ${bounds.min}`, {
        ge: bounds.min,
      });
    } else if (bounds.max !== undefined && value > bounds.max) {
      this.fail(name, raw, "less_than_equal", `Input should be less than or equal to ${bounds.max}`, {
        le: bounds.max,
      });
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const lower = raw.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
    this.fail(name, raw, "bool_parsing", "Input should be a valid boolean, unable to interpret input");
    return fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    const quoted = values.map((value) => `'${value}'`);
    const expected = `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
    this.fail(name, raw, "literal_error", `Input should be ${expected}`, { expected });
    return fallback;
  }

  /** A string that must match `pattern` (its source is quoted in the message, as Pydantic does). */
  matching(name: string, pattern: RegExp): string | undefined {
    const raw = this.string(name);
    if (raw === undefined || pattern.test(raw)) return raw;
    this.fail(name, raw, "string_pattern_mismatch", `String should match pattern '${pattern.source}'`, {
      pattern: pattern.source,
    });
    return undefined;
  }

  /** One of two alternative parameters is needed (`session_id` or `execution_id`). */
  requireOneOf(first: string, second: string): void {
    if (this.string(first) !== undefined || this.string(second) !== undefined) return;
    this.problems.push({
      loc: ["query", first],
      msg: `Field required (or give ${second})`,
      type: "missing",
      input: null,
    });
  }

  private fail(name: string, input: string, type: string, msg: string, ctx?: Record<string, unknown>): void {
    this.problems.push({ loc: ["query", name], msg, type, input, ...(ctx ? { ctx } : {}) });
  }
}

const TRUE = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE = new Set(["0", "off", "f", "false", "n", "no"]);
