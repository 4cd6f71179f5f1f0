import { describe, expect, it } from "vitest";
import { startActivity } from "../src/progress";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 80, write: (text: string) => writes.push(text) > 0 } };
}

describe("startActivity", () => {
  it("draws a spinner with the size and the elapsed time on a terminal, and clears it when stopped", async () => {
    const { writes, stream } = fakeStream(true);
    const activity = startActivity("reading and encoding big.mp4", { bytes: 3 * 1024 * 1024, stream });
    await new Promise((resolve) => setTimeout(resolve, 250));
    activity.stop();
    expect(writes[0]).toBe("\r\u001b[2K⠋ reading and encoding big.mp4 (3.0 MB) 0.0 s");
    expect(writes.length).toBeGreaterThanOrEqual(3);
    expect(writes.at(-1)).toBe("\r\u001b[2K");
    const count = writes.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(writes.length).toBe(count);
  });

  it("draws nothing on a pipe, nor for small inputs", () => {
    for (const [tty, bytes] of [
      [false, 10 * 1024 * 1024],
      [true, 1000],
    ] as const) {
      const { writes, stream } = fakeStream(tty);
      startActivity("x", { bytes, stream }).stop();
      expect(writes).toEqual([]);
    }
  });
});
