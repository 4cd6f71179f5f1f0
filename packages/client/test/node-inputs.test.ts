import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { document, file, image, MediaInputError, VlmChat } from "../src/node";
import { samples } from "./helpers/media-samples";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vlmchat-client-"));
  await writeFile(join(dir, "pixel.png"), samples.png);
  await writeFile(join(dir, "report.bin"), samples.pdf);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("@vlmchat/client/node input helpers", () => {
  it("re-exports the main entry", () => {
    expect(typeof VlmChat).toBe("function");
  });

  it("read file paths and file: URLs, sniffing the bytes rather than trusting the name", async () => {
    const want = `data:image/png;base64,${Buffer.from(samples.png).toString("base64")}`;
    expect((await image(join(dir, "pixel.png"))).image_url.url).toBe(want);
    expect((await image(pathToFileURL(join(dir, "pixel.png")))).image_url.url).toBe(want);
    expect((await file(join(dir, "report.bin"))).type).toBe("file_url");
    expect((await document(join(dir, "report.bin"))).file_url.url).toMatch(/^data:application\/pdf;base64,/);
  });

  it("say clearly what is wrong with a path", async () => {
    await expect(image(join(dir, "missing.png"))).rejects.toThrow(/cannot read .*missing\.png: no such file/);
    await expect(image(dir)).rejects.toThrow(MediaInputError);
    await expect(image(join(dir, "report.bin"))).rejects.toThrow(
      /PDF document .* not image; use document\(\)/,
    );
    await expect(image(join(dir, "pixel.png"), { maxBytes: 10 })).rejects.toThrow(
      /pixel\.png is \d+ bytes, over the 10 bytes limit/,
    );
  });
});
