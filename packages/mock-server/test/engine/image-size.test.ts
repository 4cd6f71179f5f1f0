import { describe, expect, it } from "vitest";
import { readImageInfo } from "../../src/engine/image-size";
import { media } from "../helpers/fixtures";

describe("readImageInfo", () => {
  it.each([
    { file: "png-2x1.png", want: { format: "png", width: 2, height: 1 } },
    { file: "tall-300x2000.png", want: { format: "png", width: 300, height: 2000 } },
    { file: "baseline-3x2.jpg", want: { format: "jpeg", width: 3, height: 2 } },
    { file: "progressive-40x30.jpg", want: { format: "jpeg", width: 40, height: 30 } },
    { file: "gif-5x4.gif", want: { format: "gif", width: 5, height: 4 } },
    { file: "webp-lossless-2x1.webp", want: { format: "webp", width: 2, height: 1 } },
    { file: "webp-lossy-9x8.webp", want: { format: "webp", width: 9, height: 8 } },
    { file: "webp-alpha-11x10.webp", want: { format: "webp", width: 11, height: 10 } },
  ])("reads $file as $want.format $want.width×$want.height", ({ file, want }) => {
    expect(readImageInfo(media(file))).toEqual({ ...want, mimeType: `image/${want.format}` });
  });

  it.each([
    { name: "a PDF", bytes: media("tiny.pdf") },
    { name: "nothing", bytes: Buffer.alloc(0) },
    { name: "a PNG cut inside its header", bytes: media("png-2x1.png").subarray(0, 20) },
    { name: "a JPEG cut before its frame header", bytes: media("progressive-40x30.jpg").subarray(0, 60) },
    { name: "a WebP cut after RIFF", bytes: media("webp-lossy-9x8.webp").subarray(0, 16) },
    { name: "random bytes", bytes: Buffer.from("not an image at all, only text") },
  ])("returns undefined for $name", ({ bytes }) => {
    expect(readImageInfo(bytes)).toBeUndefined();
  });
});
