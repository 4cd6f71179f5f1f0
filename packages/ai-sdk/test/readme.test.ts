import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useMockServer } from "./helpers/mock";

const mock = useMockServer();

/** The README's TypeScript block after `<!-- tested-example: name -->`. */
function example(name: string): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const marker = readme.indexOf(`<!-- tested-example: ${name} -->`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1];
  if (marker === -1 || !block) throw new Error(`README.md has no tested example "${name}"`);
  return block;
}

/** Runs an example as a user's code would run: bundled, @vlmchat/ai-sdk resolved by name; returns what it printed. */
async function run(name: string): Promise<string> {
  const result = await build({
    stdin: { contents: example(name), resolveDir: new URL("..", import.meta.url).pathname, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["@vlmchat/source"],
    // Imported from this package's node_modules as installed: bundling the SDK takes seconds.
    external: ["ai", "zod"],
    write: false,
    logLevel: "silent",
  });
  // Under node_modules so that `ai` and `zod` resolve from it.
  const dir = new URL("../node_modules/.cache/", import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `readme-${name}-${process.pid}.mjs`);
  writeFileSync(file, result.outputFiles[0]?.text ?? "");
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
  for (const [name, value] of [
    ["VLMRUN_BASE_URL", saved.base],
    ["VLMRUN_API_KEY", saved.key],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("README examples run as written against the mock server", () => {
  const setEnv = () => {
    process.env.VLMRUN_BASE_URL = mock.baseURL;
    delete process.env.VLMRUN_API_KEY;
  };

  it("an image", async () => {
    setEnv();
    expect(await run("image")).toMatch(
      /You sent 2 parts: text \(24 characters\); an image \(image\/png by its extension, at https:\/\/example\.com\/photo\.png, not fetched\)/,
    );
  });

  it("streaming", async () => {
    setEnv();
    expect(await run("stream")).toMatch(
      /You said: “Describe a sunset in one line\.”\n\d+ tokens in, \d+ out\n$/,
    );
  });

  it("structured output", async () => {
    setEnv();
    expect(await run("object")).toMatch(/^\S.* -?\d+(\.\d+)?\n$/);
  });

  it("a session follow-up", async () => {
    setEnv();
    expect(await run("session")).toContain(
      "This session has 1 earlier turn; the previous one said “My name is Ada.”",
    );
  });

  it("an artifact: image-gen makes one, client.artifacts.retrieve fetches its PNG", async () => {
    setEnv();
    // The mock's image-gen toolset makes an 8×8 PNG of 92 bytes, named in the answer.
    expect(await run("artifact")).toMatch(/^img_[0-9a-f]{6}: image\/png, 92 bytes\n$/);
  });
});
