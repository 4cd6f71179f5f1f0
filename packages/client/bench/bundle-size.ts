import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

/** Budgets (min+gzip, browser) from the client issue. */
export const BUDGETS = {
  core: 8 * 1024,
  withRequestValidation: 16 * 1024,
} as const;

// What a browser app that streams, retries and catches our errors imports: the client class, its
// stream and its error family. Everything VlmChat reaches is in (methods cannot be shaken out).
const coreEntry = `
import { VlmChat, APIError, RateLimitError, ChatCompletionStream } from "@vlmchat/client";
export async function chat(text) {
  const client = new VlmChat({ apiKey: "k", dangerouslyAllowBrowser: true });
  try {
    const stream = await client.chat.completions.create({ messages: [{ role: "user", content: text }], stream: true });
    for await (const chunk of stream) console.log(chunk.choices[0]?.delta.content);
    return stream instanceof ChatCompletionStream ? stream.finalCompletion() : undefined;
  } catch (error) {
    if (error instanceof RateLimitError) return "slow down";
    if (error instanceof APIError) return error.status;
    throw error;
  }
}
`;

const validatingEntry = coreEntry.replace('{ apiKey: "k",', '{ apiKey: "k", validate: "request",');

export interface BundleSize {
  /** Bytes, minified and gzipped, of what loads up front. */
  initial: number;
  /** Bytes, minified and gzipped, once request validation has loaded too. */
  withLazy: number;
  /** Minified (not gzipped) bytes of what loads up front. */
  minified: number;
}

/**
 * Bundles `source` with esbuild for the browser (ESM, minified, code splitting) and sums the gzipped
 * size of the entry chunk and every chunk it imports statically; `lazy` adds the chunks loaded by
 * dynamic imports of modules whose path matches it.
 */
async function measure(source: string, lazy?: RegExp): Promise<BundleSize> {
  const packageDir = fileURLToPath(new URL("..", import.meta.url));
  const result = await build({
    absWorkingDir: packageDir,
    stdin: { contents: source, resolveDir: packageDir, loader: "js" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    outdir: "/out",
    conditions: ["@vlmchat/source"],
    logLevel: "silent",
  });
  // Metafile paths are relative to the working directory; output files carry absolute paths.
  const files = new Map(result.outputFiles.map((file) => [file.path, file.contents]));
  const outputs = (result.metafile as Metafile).outputs;
  const bytesOf = (path: string) => {
    const contents = files.get(resolve(packageDir, path));
    if (!contents) throw new Error(`no output file for ${path}`);
    return contents;
  };
  const gz = (path: string) => gzipSync(bytesOf(path), { level: 9 }).length;
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint);
  if (!entry) throw new Error("esbuild produced no entry chunk");
  const staticClosure = (start: string): Set<string> => {
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const item of outputs[path]?.imports ?? []) if (item.kind === "import-statement") visit(item.path);
    };
    visit(start);
    return seen;
  };
  const initial = staticClosure(entry);
  const all = new Set(initial);
  if (lazy) {
    for (const path of initial) {
      for (const item of outputs[path]?.imports ?? []) {
        if (item.kind !== "dynamic-import") continue;
        const inputs = Object.keys(outputs[item.path]?.inputs ?? {});
        if (inputs.some((input) => lazy.test(input)))
          for (const chunk of staticClosure(item.path)) all.add(chunk);
      }
    }
  }
  const sum = (paths: Set<string>) => [...paths].reduce((total, path) => total + gz(path), 0);
  const minified = [...initial].reduce((total, path) => total + bytesOf(path).length, 0);
  return { initial: sum(initial), withLazy: sum(all), minified };
}

/** The two figures the budgets are about. */
export async function measureBundles(): Promise<{ core: BundleSize; withRequestValidation: BundleSize }> {
  return {
    core: await measure(coreEntry),
    withRequestValidation: await measure(
      validatingEntry,
      /validation\/src\/(request|generated\/ajv\/request)/,
    ),
  };
}
