import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BUDGETS, measureBundles } from "./bundle-size";

const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;

/** openai's chat path, bundled the same way (browser, minified, one file). */
async function openaiChatPath(): Promise<number> {
  const result = await build({
    absWorkingDir: fileURLToPath(new URL("..", import.meta.url)),
    stdin: {
      contents: `import OpenAI, { APIError } from "openai";
export async function chat(text) {
  const client = new OpenAI({ apiKey: "k", dangerouslyAllowBrowser: true });
  try {
    const stream = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: text }], stream: true });
    for await (const chunk of stream) console.log(chunk.choices[0]?.delta.content);
  } catch (error) {
    if (error instanceof APIError) return error.status;
    throw error;
  }
}`,
      resolveDir: fileURLToPath(new URL("..", import.meta.url)),
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
}

export async function bundleSizes(): Promise<void> {
  const sizes = await measureBundles();
  const openai = await openaiChatPath();
  const verdict = (bytes: number, budget: number) =>
    bytes <= budget ? `within ${kib(budget)}` : `OVER ${kib(budget)}`;
  console.log("\nBundle size (esbuild --bundle --minify, browser, no code splitting, gzip -9)");
  console.log(
    `    create + streaming + retries + errors   ${kib(sizes.core.gzipped)}  (${kib(sizes.core.minified)} min)  ${verdict(sizes.core.gzipped, BUDGETS.core)}`,
  );
  console.log(
    `    + files and artifacts used              ${kib(sizes.withFiles.gzipped)}  (${kib(sizes.withFiles.minified)} min)  ${verdict(sizes.withFiles.gzipped, BUDGETS.withFiles)}`,
  );
  console.log(
    `    + validate: { request }                 ${kib(sizes.withRequestValidation.gzipped)}  (${kib(sizes.withRequestValidation.minified)} min)  ${verdict(sizes.withRequestValidation.gzipped, BUDGETS.withRequestValidation)}`,
  );
  console.log(
    `    openai 6.49.0 chat path                 ${kib(openai)}  (${(openai / sizes.core.gzipped).toFixed(1)}× ours)`,
  );
}
