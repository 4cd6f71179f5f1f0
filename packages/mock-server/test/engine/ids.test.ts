import { describe, expect, it } from "vitest";
import { randomHex24, uuidv7 } from "../../src/ids";

describe("uuidv7", () => {
  it("is a version 7, RFC 9562 variant UUID carrying its millisecond", () => {
    const id = uuidv7(Date.UTC(2026, 0, 1));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBeGreaterThanOrEqual(
      Date.UTC(2026, 0, 1),
    );
  });

  it("sorts in the order it was made, within a millisecond and across a clock step back", () => {
    const ms = Date.now() + 60_000;
    const ids = [
      ...Array.from({ length: 5_000 }, () => uuidv7(ms)),
      uuidv7(ms - 10_000),
      ...Array.from({ length: 10 }, () => uuidv7(ms + 5)),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("randomHex24", () => {
  it("gives 24 hex digits, different each time", () => {
    const ids = Array.from({ length: 1_000 }, () => randomHex24());
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
