import { describe, expect, it } from "vitest";
import { errorFromResponse } from "../src/error-body";
import { APIConnectionError, APIError, APITimeoutError, APIUserAbortError } from "../src/errors";
import { backoff, retryAfterMs, retryDelay } from "../src/retry";

const statusError = (status: number, headers: Record<string, string> = {}) =>
  errorFromResponse(status, { detail: "x" }, new Headers(headers));

describe("backoff", () => {
  it("starts at 0.5 s, doubles, stops at 8 s, jitter takes off at most a quarter", () => {
    const none = () => 0;
    const most = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5, 9].map((attempt) => backoff(attempt, none))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(backoff(0, most)).toBeCloseTo(375, 0);
    expect(backoff(6, most)).toBeCloseTo(6000, 0);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    { name: "retry-after-ms wins", headers: { "retry-after-ms": "250", "retry-after": "9" }, want: 250 },
    { name: "fractional milliseconds", headers: { "retry-after-ms": "12.5" }, want: 12.5 },
    { name: "seconds", headers: { "retry-after": "3" }, want: 3000 },
    { name: "zero seconds", headers: { "retry-after": "0" }, want: 0 },
    { name: "an HTTP date", headers: { "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }, want: 30_000 },
    { name: "a date in the past", headers: { "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" }, want: 0 },
    { name: "garbage", headers: { "retry-after": "soon" }, want: undefined },
    {
      name: "negative ms falls back to Retry-After",
      headers: { "retry-after-ms": "-5", "retry-after": "1" },
      want: 1000,
    },
    { name: "none", headers: {}, want: undefined },
  ])("$name", ({ headers, want }) => {
    expect(retryAfterMs(new Headers(headers as Record<string, string>), now)).toBe(want);
  });
});

describe("retryDelay", () => {
  const fixed = () => 0;
  it.each([408, 409, 429, 500, 502, 503, 504])("retries %i", (status) => {
    expect(retryDelay(statusError(status), 0, fixed)).toBe(500);
  });
  it.each([400, 401, 403, 404, 413, 422])("does not retry %i", (status) => {
    expect(retryDelay(statusError(status), 0, fixed)).toBeUndefined();
  });
  it("obeys x-should-retry both ways", () => {
    expect(retryDelay(statusError(400, { "x-should-retry": "true" }), 1, fixed)).toBe(1000);
    expect(retryDelay(statusError(503, { "x-should-retry": "false" }), 0, fixed)).toBeUndefined();
  });
  it("honours Retry-After up to 60 s and gives up beyond", () => {
    expect(retryDelay(statusError(429, { "retry-after": "60" }), 0, fixed)).toBe(60_000);
    expect(retryDelay(statusError(429, { "retry-after": "61" }), 0, fixed)).toBeUndefined();
    expect(retryDelay(statusError(503, { "retry-after-ms": "20" }), 3, fixed)).toBe(20);
  });
  it("retries connection errors and timeouts, never aborts or stream errors", () => {
    expect(retryDelay(new APIConnectionError(), 2, fixed)).toBe(2000);
    expect(retryDelay(new APITimeoutError(), 0, fixed)).toBe(500);
    expect(retryDelay(new APIUserAbortError(), 0, fixed)).toBeUndefined();
    expect(retryDelay(new Error("x"), 0, fixed)).toBeUndefined();
    expect(retryDelay(new APIError(undefined, undefined, "x"), 0, fixed)).toBeUndefined();
  });
});
