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
async function bundle(contents: string, external?: RegExp): Promise<{ minified: number; gzipped: number }> {
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

export interface BundleSizes {
  /** What loads up front for create + streaming + retries + errors: one chunk, lazily loaded code left out. */
  core: { minified: number; gzipped: number };
  /** The chunks `validate: "request"` loads on first use: our validators module and the request validator. */
  requestValidation: { minified: number; gzipped: number };
  /** core + requestValidation, gzipped. */
  withRequestValidation: number;
}

/**
 * Sizes the way an app bundler splits the client: the entry chunk (everything reached by static
 * imports) and, for validation, the lazily loaded chunks (`./validators`, which reuses the core's
 * error classes, and `@vlmchat/validation/request`). Each chunk is gzipped on its own.
 */
export async function measureBundles(): Promise<BundleSizes> {
  const core = await bundle(coreEntry);
  const validators = await bundle(`export * from "./src/validators";`, /^\.\/errors$/);
  const request = await bundle(`export * from "@vlmchat/validation/request";`);
  const requestValidation = {
    minified: validators.minified + request.minified,
    gzipped: validators.gzipped + request.gzipped,
  };
  return { core, requestValidation, withRequestValidation: core.gzipped + requestValidation.gzipped };
}
