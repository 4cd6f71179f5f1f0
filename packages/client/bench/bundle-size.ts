import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** Budgets (min+gzip, browser, one file: no code splitting) from the client issue. */
export const BUDGETS = { core: 14 * 1024, withRequestValidation: 34 * 1024 } as const;

const packageDir = fileURLToPath(new URL("..", import.meta.url));

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

// The same app checking its requests before sending them (the guard and the 422 explainer in one).
const validatingEntry = coreEntry
  .replace(
    `import { VlmChat,`,
    `import { requestValidator } from "@vlmchat/validation/request";\nimport { VlmChat,`,
  )
  .replace(
    `dangerouslyAllowBrowser: true`,
    `dangerouslyAllowBrowser: true, validate: { request: requestValidator }`,
  );

/** One module graph bundled for the browser as one file (ESM, minified, no splitting): min and min+gzip bytes. */
async function bundle(contents: string): Promise<Size> {
  const result = await build({
    absWorkingDir: packageDir,
    stdin: { contents, resolveDir: packageDir, loader: "ts" },
    bundle: true,
    splitting: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    conditions: ["@vlmchat/source"],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

interface Size {
  minified: number;
  gzipped: number;
}

export interface BundleSizes {
  /** create + streaming + retries + errors, everything it reaches in one file. */
  core: Size;
  /** The same with `validate: { request: requestValidator }`. */
  withRequestValidation: Size;
}

export async function measureBundles(): Promise<BundleSizes> {
  const [core, withRequestValidation] = await Promise.all([bundle(coreEntry), bundle(validatingEntry)]);
  return { core, withRequestValidation };
}
