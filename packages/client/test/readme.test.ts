import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { samples } from "./helpers/media-samples";
import { useMockServer } from "./helpers/mock";

const mock = useMockServer();

/** The README's TypeScript block after a `tested-example` marker (the first one, or the one named). */
function example(name = ""): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const marker = readme.indexOf(`<!-- tested-example${name}`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1];
  if (marker === -1 || !block) throw new Error(`README.md has no tested example${name}`);
  return block;
}

/** Bundles an example as a user's code would be (@vlmchat/client resolved by name), runs it, and returns what it printed. */
async function run(code: string): Promise<string> {
  const result = await build({
    stdin: { contents: code, resolveDir: new URL("..", import.meta.url).pathname, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["@vlmchat/source"],
    write: false,
    logLevel: "silent",
  });
  const file = join(tmpdir(), `vlmchat-readme-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, result.outputFiles[0]?.text ?? "");
  process.env.VLMRUN_BASE_URL = mock.baseURL;
  delete process.env.VLMRUN_API_KEY;
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    written.push(`${args.join(" ")}\n`);
  });
  try {
    await import(pathToFileURL(file).href);
  } finally {
    vi.restoreAllMocks();
    rmSync(file, { force: true });
  }
  return written.join("");
}

const saved = { base: process.env.VLMRUN_BASE_URL, key: process.env.VLMRUN_API_KEY };
afterEach(() => {
  vi.restoreAllMocks();
  for (const [name, value] of [
    ["VLMRUN_BASE_URL", saved.base],
    ["VLMRUN_API_KEY", saved.key],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("README", () => {
  it("its first example runs as written against the mock server", async () => {
    const output = await run(example());
    expect(output).toContain("What is in this image?");
    expect(output).toMatch(/session [0-9a-f-]{36}, \d+ tokens/);
  });

  it("its files example uploads, asks, and saves the image the answer made", async () => {
    const folder = mkdtempSync(join(tmpdir(), "vlmchat-readme-"));
    const photo = join(folder, "photo.png");
    writeFileSync(photo, samples.png);
    try {
      const output = await run(example(": files").replace('"./photo.png"', JSON.stringify(photo)));
      expect(output).toContain(`uploaded ${samples.png.byteLength} of ${samples.png.byteLength} bytes`);
      const saved = /(img_\w{6}) \(image\/png\) saved to (\S+)/.exec(output);
      expect(saved).not.toBeNull();
      expect([...readFileSync(saved?.[2] as string).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      rmSync(saved?.[2] as string, { force: true });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
