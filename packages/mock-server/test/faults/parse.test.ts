import { describe, expect, it } from "vitest";
import { parseFault } from "../../src/faults/parse";

describe("parseFault", () => {
  it.each([
    { header: undefined, want: undefined },
    { header: "  ", want: undefined },
    { header: "status=429;retry-after=1", want: { status: 429, retryAfterSeconds: 1 } },
    {
      header: " status = 503 ; retry-after-ms = 250 ; should-retry = false ",
      want: { status: 503, retryAfterMs: 250, shouldRetry: false },
    },
    { header: "STATUS=500;", want: { status: 500 } },
    { header: "delay=150", want: { delayMs: 150 } },
    { header: "reset", want: { reset: true } },
    { header: "reset-after=3", want: { resetAfter: 3 } },
    { header: "stall-after=0", want: { stallAfter: 0 } },
    { header: "error-after=2;delay=10", want: { errorAfter: 2, delayMs: 10 } },
    { header: "fail-times=2", want: { failTimes: 2 } },
    {
      header: "fail-times=2;status=503;retry-after=0",
      want: { failTimes: 2, status: 503, retryAfterSeconds: 0 },
    },
    { header: "fail-times=1;retry-after-ms=5", want: { failTimes: 1, retryAfterMs: 5 } },
    { header: "fail-times=3;reset", want: { failTimes: 3, reset: true } },
    { header: "redirect", want: { redirectPolls: 1 } },
    { header: "redirect=3", want: { redirectPolls: 3 } },
    { header: "redirect=0", want: { redirectPolls: 0 } },
    { header: ["status=500", "retry-after=2"], want: { status: 500, retryAfterSeconds: 2 } },
  ])("reads $header", ({ header, want }) => {
    expect(parseFault(header)).toEqual({ ok: true, fault: want });
  });

  it.each([
    { header: "explode", says: 'unknown directive "explode"' },
    { header: "status=200", says: 'status must be an HTTP error status from 400 to 599, got "200"' },
    { header: "status=abc", says: 'got "abc"' },
    { header: "status", says: '"status" needs a value' },
    { header: "status=500;status=502", says: '"status" is given twice' },
    { header: "reset=1", says: '"reset" takes no value' },
    { header: "reset-after=-1", says: "reset-after must be a whole number of chunks ≥ 0" },
    { header: "stall-after=1.5", says: "stall-after must be a whole number of chunks ≥ 0" },
    { header: "delay=600001", says: "delay must be a whole number of milliseconds from 0 to 600000" },
    { header: "fail-times=0", says: "fail-times must be a whole number ≥ 1" },
    { header: "should-retry=yes;status=500", says: 'should-retry must be true or false, got "yes"' },
    { header: "redirect=x", says: "redirect must be a whole number of polls ≥ 0" },
    { header: "status=500;reset", says: "status and reset cannot be combined" },
    { header: "reset-after=1;error-after=2", says: "reset-after and error-after cannot be combined" },
    { header: "retry-after=1", says: "retry-after only apply to an error status" },
    { header: "reset;retry-after-ms=1;fail-times=1", says: "retry-after-ms only apply to an error status" },
  ])("refuses $header, saying what is wrong", ({ header, says }) => {
    const parsed = parseFault(header);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.detail).toMatch(/^Invalid x-vlmchat-fault header: /);
    expect(parsed.detail).toContain(says);
  });
});
