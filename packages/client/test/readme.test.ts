import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useMockServer } from "./helpers/mock";

const mock = useMockServer();

/** The README's first TypeScript block, after its `tested-example` marker. */
function firstExample(): string {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const marker = readme.indexOf("<!-- tested-example");
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1];
  if (marker === -1 || !block) throw new Error("README.md has no tested example");
  return block;
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
    // Bundled as a user's code would be, @vlmchat/client resolved by name.
    const result = await build({
      stdin: { contents: firstExample(), resolveDir: new URL("..", import.meta.url).pathname, loader: "ts" },
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      conditions: ["@vlmchat/source"],
      write: false,
      logLevel: "silent",
    });
    const file = join(tmpdir(), `vlmchat-readme-${process.pid}.mjs`);
    writeFileSync(file, result.outputFiles[0]?.text ?? "");
    process.env.VLMRUN_BASE_URL = mock.baseURL;
    delete process.env.VLMRUN_API_KEY;
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      written.push(args.join(" "));
    });
    try {
      await import(pathToFileURL(file).href);
    } finally {
      rmSync(file, { force: true });
    }
    const output = written.join("");
    expect(output).toContain("What is in this image?");
    expect(output).toMatch(/session [0-9a-f-]{36}, \d+ tokens/);
  });
});
