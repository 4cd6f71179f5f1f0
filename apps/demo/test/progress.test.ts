import { describe, expect, it } from "vitest";
import { createProgress } from "../src/progress";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 80, write: (text: string) => writes.push(text) > 0 } };
}

describe("createProgress", () => {
  it("draws a bar on a terminal and clears it at the end", () => {
    const { writes, stream } = fakeStream(true);
    const progress = createProgress("reading big.mp4", 100, stream, 10);
    progress.update(100);
    progress.phase("encoding");
    progress.finish();
    expect(writes[0]).toContain("[########################] 100% of 100 B");
    expect(writes[1]).toContain("reading big.mp4: encoding");
    expect(writes.at(-1)).toBe("\r\u001b[2K");
  });

  it("writes nothing to a pipe, nor for small inputs", () => {
    for (const [tty, total] of [
      [false, 100],
      [true, 5],
    ] as const) {
      const { writes, stream } = fakeStream(tty);
      const progress = createProgress("x", total, stream, 10);
      progress.update(total);
      progress.finish();
      expect(writes).toEqual([]);
    }
  });
});
