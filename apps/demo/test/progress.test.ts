import { describe, expect, it } from "vitest";
import { startActivity, startProgressBar } from "../src/progress";

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

describe("startProgressBar", () => {
  it("draws the share sent on a terminal, always the end, and clears the line when stopped", () => {
    const { writes, stream } = fakeStream(true);
    const bar = startProgressBar("uploading receipt.pdf", 4096, stream);
    bar.update(1024);
    bar.update(4096);
    bar.stop();
    expect(writes[0]).toBe(`\r\u001b[2Kuploading receipt.pdf [${"░".repeat(24)}] 0% 0 B / 4.0 KB`);
    expect(writes).toContain(`\r\u001b[2Kuploading receipt.pdf [${"█".repeat(24)}] 100% 4.0 KB / 4.0 KB`);
    expect(writes.at(-1)).toBe("\r\u001b[2K");
  });

  it("draws nothing on a pipe", () => {
    const { writes, stream } = fakeStream(false);
    const bar = startProgressBar("x", 10, stream);
    bar.update(10);
    bar.stop();
    expect(writes).toEqual([]);
  });
});
