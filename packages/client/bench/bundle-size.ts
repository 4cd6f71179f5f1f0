import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * Budgets (min+gzip, browser, one file: no code splitting). The client issue's 14 KiB for create +
 * stream became the files issue's 16 KiB for create + stream + files + artifacts: `VlmChat` carries
 * `files` and `artifacts` whether an app uses them or not (methods cannot be shaken out).
 */
export const BUDGETS = { core: 16 * 1024, withFiles: 16 * 1024, withRequestValidation: 34 * 1024 } as const;

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

// The same app uploading a file, asking about it, and fetching the image the answer refers to (files
// and artifacts issue: create + stream + files + artifacts within 16 KiB).
const filesEntry = `${coreEntry}
import { artifactRefs, inputFile } from "@vlmchat/client";
export async function ask(blob, sessionId) {
  const client = new VlmChat({ apiKey: "k", dangerouslyAllowBrowser: true });
  const uploaded = await client.files.upload(blob, { onProgress: (p) => console.log(p.loaded, p.total) });
  for await (const file of client.files.list()) console.log(file.id);
  await client.files.retrieve(uploaded.id);
  const completion = await client.chat.completions.create({ messages: [{ role: "user", content: [inputFile(uploaded)] }] });
  const [ref] = artifactRefs(completion);
  await client.artifacts.list({ session_id: sessionId });
  const artifact = await client.artifacts.retrieve({ session_id: sessionId, object_id: ref });
  await client.files.delete(uploaded.id);
  return artifact.blob();
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
  /** The same with files and artifacts: upload, list, retrieve, delete, artifact refs and bytes. */
  withFiles: Size;
  /** The same with `validate: { request: requestValidator }`. */
  withRequestValidation: Size;
}

export async function measureBundles(): Promise<BundleSizes> {
  const [core, withFiles, withRequestValidation] = await Promise.all([
    bundle(coreEntry),
    bundle(filesEntry),
    bundle(validatingEntry),
  ]);
  return { core, withFiles, withRequestValidation };
}
