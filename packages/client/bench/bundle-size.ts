import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

/** Budgets (min+gzip, browser) from the client issue. */
export const BUDGETS = { core: 8 * 1024, withRequestValidation: 16 * 1024 } as const;

const packageDir = fileURLToPath(new URL("..", import.meta.url));

// What a browser app that streams, retries and catches our errors imports: the client class, its
// stream and its error family. Everything VlmChat reaches is in (methods cannot be shaken out).
const coreEntry = `
import { VlmChat, APIError, RateLimitError, ChatCompletionStream } from "@vlmchat/client";
export async function chat(text) {
  const client = new VlmChat({ apiKey: "k", dangerouslyAllowBrowser: true, validate: "request" });
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

/** Leaves every `import()` out, and the modules matching `external`: they are other chunks. */
function chunkBoundary(external?: RegExp): Plugin {
  return {
    name: "chunk-boundary",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "dynamic-import" || external?.test(args.path))
          return { path: args.path, external: true };
        return undefined;
      });
    },
  };
}

/** One module graph bundled for the browser (ESM, minified), dynamic imports left out: its min and min+gzip bytes. */
async function bundle(contents: string, external?: RegExp): Promise<Size> {
  const result = await build({
    absWorkingDir: packageDir,
    stdin: { contents, resolveDir: packageDir, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    conditions: ["@vlmchat/source"],
    plugins: [chunkBoundary(external)],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

export interface Size {
  minified: number;
  gzipped: number;
}

export interface BundleSizes {
  /** What loads up front for create + streaming + retries + errors: one chunk, lazily loaded code left out. */
  core: Size;
  /** Our chunk that `validate: "request"` loads on first use (`./validators`, the error classes reused from the core). */
  validators: Size;
  /** `@vlmchat/validation/request-guard`, which that chunk loads in turn: the generated yes-or-no check. */
  requestGuard: Size;
  /** core + validators + requestGuard, gzipped: what a client validating valid requests loads. */
  withRequestValidation: number;
  /** `@vlmchat/validation/request`, loaded in addition once a request fails: it builds the 422's `detail`. */
  requestExplainer: Size;
}

/**
 * Sizes the way an app bundler splits the client: the entry chunk (everything reached by static
 * imports) and, for validation, the lazily loaded chunks (`./validators`, which reuses the core's
 * error classes, then `@vlmchat/validation/request-guard`, and `@vlmchat/validation/request` once a
 * request fails). Each chunk is gzipped on its own.
 */
export async function measureBundles(): Promise<BundleSizes> {
  const core = await bundle(coreEntry);
  const validators = await bundle(`export * from "./src/validators";`, /^\.\/errors$/);
  const requestGuard = await bundle(`export * from "@vlmchat/validation/request-guard";`);
  const requestExplainer = await bundle(`export * from "@vlmchat/validation/request";`);
  return {
    core,
    validators,
    requestGuard,
    withRequestValidation: core.gzipped + validators.gzipped + requestGuard.gzipped,
    requestExplainer,
  };
}
