/**
 * A fault asked for by the `x-vlmchat-fault` header: `;`-separated directives, whitespace allowed.
 * Exactly one *outcome* at most (status, reset, reset-after, stall-after, error-after, redirect),
 * plus modifiers (retry-after, retry-after-ms, should-retry, delay, fail-times).
 */
export interface FaultSpec {
  /** `status=<4xx|5xx>`: answer this status with FastAPI's `{detail}` body. */
  status?: number;
  /** `retry-after=<s>`: a `Retry-After` header on the status answer. */
  retryAfterSeconds?: number;
  /** `retry-after-ms=<ms>`: a `retry-after-ms` header on the status answer. */
  retryAfterMs?: number;
  /** `should-retry=<true|false>`: an `x-should-retry` header on the status answer. */
  shouldRetry?: boolean;
  /** `delay=<ms>`: wait before sending headers. */
  delayMs?: number;
  /** `reset`: destroy the socket before any header. */
  reset?: true;
  /** `reset-after=<N>`: streams only; cut the socket after N chunks. */
  resetAfter?: number;
  /** `stall-after=<N>`: stop sending after N chunks (after the headers for N=0), keep the socket open. */
  stallAfter?: number;
  /** `error-after=<N>`: streams only; after N chunks send an SSE error event and end. */
  errorAfter?: number;
  /** `fail-times=<K>`: with `x-vlmchat-fault-key`, only the first K requests with that key get the fault. */
  failTimes?: number;
  /** `redirect[=<P>]`: answer 303 to a poll URL that answers 202 P times (default 1), then 200. */
  redirectPolls?: number;
  /** `body=<shape>`: with a status, the error body's shape (default `fastapi`). */
  body?: ErrorBodyShape;
}

/**
 * The error bodies a status fault can answer with: FastAPI's `{"detail": …}` (a list for 422, else a
 * string), and the other shapes VLM Run's SDKs read — `{"error": {"message", "type", "id"}}`,
 * `{"detail": "<string>"}` whatever the status, and `{"detail": {"message", "type"}}`.
 */
export const ERROR_BODY_SHAPES = ["fastapi", "error", "detail-string", "detail-object"] as const;
export type ErrorBodyShape = (typeof ERROR_BODY_SHAPES)[number];

export type FaultParseResult = { ok: true; fault: FaultSpec | undefined } | { ok: false; detail: string };

export const FAULT_HEADER = "x-vlmchat-fault";
export const FAULT_KEY_HEADER = "x-vlmchat-fault-key";

/** Longest accepted `delay`, so a typo cannot hang a test suite for hours. */
export const MAX_DELAY_MS = 600_000;

type Directive = {
  /** How the value is read; `flag` takes none, `optional` may take one. */
  value: "none" | "optional" | "required";
  apply(spec: FaultSpec, value: string | undefined, name: string): string | undefined;
};

const OUTCOMES = ["status", "reset", "reset-after", "stall-after", "error-after", "redirect"] as const;

/** A Map, so a name like `__proto__` or `constructor` is just unknown, never an object's own member. */
const DIRECTIVES = new Map<string, Directive>(
  Object.entries({
    status: {
      value: "required",
      apply(spec, value, name) {
        const status = integer(value);
        if (status === undefined || status < 400 || status > 599) {
          return `${name} must be an HTTP error status from 400 to 599, got "${value}"`;
        }
        spec.status = status;
        return undefined;
      },
    },
    "retry-after": count("retryAfterSeconds", "seconds"),
    "retry-after-ms": count("retryAfterMs", "milliseconds"),
    "should-retry": {
      value: "required",
      apply(spec, value, name) {
        if (value !== "true" && value !== "false") return `${name} must be true or false, got "${value}"`;
        spec.shouldRetry = value === "true";
        return undefined;
      },
    },
    delay: {
      value: "required",
      apply(spec, value, name) {
        const ms = integer(value);
        if (ms === undefined || ms < 0 || ms > MAX_DELAY_MS) {
          return `${name} must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}, got "${value}"`;
        }
        spec.delayMs = ms;
        return undefined;
      },
    },
    reset: {
      value: "none",
      apply(spec) {
        spec.reset = true;
        return undefined;
      },
    },
    "reset-after": count("resetAfter", "chunks"),
    "stall-after": count("stallAfter", "chunks"),
    "error-after": count("errorAfter", "chunks"),
    "fail-times": {
      value: "required",
      apply(spec, value, name) {
        const times = integer(value);
        if (times === undefined || times < 1) return `${name} must be a whole number ≥ 1, got "${value}"`;
        spec.failTimes = times;
        return undefined;
      },
    },
    redirect: {
      value: "optional",
      apply(spec, value, name) {
        if (value === undefined) {
          spec.redirectPolls = 1;
          return undefined;
        }
        const polls = integer(value);
        if (polls === undefined || polls < 0)
          return `${name} must be a whole number of polls ≥ 0, got "${value}"`;
        spec.redirectPolls = polls;
        return undefined;
      },
    },
    body: {
      value: "required",
      apply(spec, value, name) {
        const shape = ERROR_BODY_SHAPES.find((known) => known === value);
        if (shape === undefined)
          return `${name} must be one of ${ERROR_BODY_SHAPES.join(", ")}, got "${value}"`;
        spec.body = shape;
        return undefined;
      },
    },
  } satisfies Record<string, Directive>),
);

/** Parses the header; an absent or blank header is no fault. Every problem is a sentence for a 400. */
export function parseFault(header: string | string[] | undefined): FaultParseResult {
  if (header === undefined) return { ok: true, fault: undefined };
  const text = Array.isArray(header) ? header.join(";") : header;
  const spec: FaultSpec = {};
  const seen = new Set<string>();
  for (const raw of text.split(";")) {
    const directive = raw.trim();
    if (directive === "") continue;
    const eq = directive.indexOf("=");
    const name = (eq < 0 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : directive.slice(eq + 1).trim();
    const known = DIRECTIVES.get(name);
    if (!known) {
      return fail(`unknown directive "${name}" (known: ${[...DIRECTIVES.keys()].join(", ")})`);
    }
    if (seen.has(name)) return fail(`"${name}" is given twice`);
    seen.add(name);
    if (known.value === "none" && value !== undefined) return fail(`"${name}" takes no value`);
    if (known.value === "required" && (value === undefined || value === "")) {
      return fail(`"${name}" needs a value: ${name}=…`);
    }
    const problem = known.apply(spec, value === "" ? undefined : value, name);
    if (problem !== undefined) return fail(problem);
  }
  if (seen.size === 0) return { ok: true, fault: undefined };
  const outcomes = OUTCOMES.filter((name) => seen.has(name));
  if (outcomes.length > 1) {
    return fail(`${outcomes.join(" and ")} cannot be combined: a request gets one outcome`);
  }
  const answerHeaders = ["retry-after", "retry-after-ms", "should-retry", "body"].filter((name) =>
    seen.has(name),
  );
  if (answerHeaders.length > 0 && !seen.has("status") && !(seen.has("fail-times") && outcomes.length === 0)) {
    return fail(
      `${answerHeaders.join(", ")} only apply to an error status: add status=<4xx|5xx> (or fail-times)`,
    );
  }
  return { ok: true, fault: spec };
}

function fail(problem: string): FaultParseResult {
  return { ok: false, detail: `Invalid ${FAULT_HEADER} header: ${problem}.` };
}

function count(
  field: "retryAfterSeconds" | "retryAfterMs" | "resetAfter" | "stallAfter" | "errorAfter",
  unit: string,
) {
  return {
    value: "required",
    apply(spec, value, name) {
      const n = integer(value);
      if (n === undefined || n < 0) return `${name} must be a whole number of ${unit} ≥ 0, got "${value}"`;
      spec[field] = n;
      return undefined;
    },
  } satisfies Directive;
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}
