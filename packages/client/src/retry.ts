import { APIConnectionError, APIError } from "./errors";

/** The longest wait a server may ask for (`Retry-After`) that we honour; a longer one ends the retries. */
const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;

/**
 * How long to wait before retrying after `error` (attempt `attempt`, counting from 0), or `undefined` when
 * it must not be retried. Retried: connection errors and timeouts, 408, 409, 429 and 5xx, and whatever
 * `x-should-retry: true` marks (`false` forbids it). The wait is the server's `retry-after-ms` or
 * `Retry-After` (seconds or an HTTP date) when it asks for at most 60 s; a longer ask is not retried at
 * all (waiting less than asked would only be refused again); otherwise exponential backoff with jitter.
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  random: () => number = Math.random,
): number | undefined {
  if (error instanceof APIConnectionError) return backoff(attempt, random);
  if (!(error instanceof APIError) || error.status === undefined) return undefined;
  const headers = error.headers;
  const should = headers?.get("x-should-retry");
  if (should === "false") return undefined;
  if (should !== "true" && !isRetryableStatus(error.status)) return undefined;
  const asked = headers ? retryAfterMs(headers) : undefined;
  if (asked !== undefined) return asked <= MAX_RETRY_AFTER_MS ? asked : undefined;
  return backoff(attempt, random);
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** 0.5 s doubling per attempt up to 8 s, scaled by a random factor in (0.75, 1] so clients spread out. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
  return base * (1 - random() * 0.25);
}

/** The wait a server asks for: `retry-after-ms` (milliseconds), else `Retry-After` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get("retry-after")?.trim();
  if (!after) return undefined;
  const seconds = Number(after);
  if (seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
