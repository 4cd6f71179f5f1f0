import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { hello, useMockServer } from "./helpers/mock";

const mock = useMockServer();

/**
 * The main entry bundled for the browser, run in a fresh V8 context that has the web platform's globals
 * (fetch, streams, URL, timers, …) and no `process`, as edge runtimes and browsers are. fetch is Node's,
 * reaching the real mock server over loopback.
 */
async function loadWithoutProcess(): Promise<{
  context: Record<string, unknown>;
  exports: Record<string, unknown>;
}> {
  const result = await build({
    stdin: {
      contents: `export { VlmChat, APIError } from "@vlmchat/client";`,
      resolveDir: new URL("..", import.meta.url).pathname,
    },
    bundle: true,
    format: "iife",
    globalName: "vlmchat",
    platform: "browser",
    write: false,
    conditions: ["@vlmchat/source"],
    logLevel: "silent",
  });
  const web = {
    fetch,
    Request,
    Response,
    Headers,
    FormData,
    Blob,
    URL,
    URLSearchParams,
    AbortController,
    AbortSignal,
    TextDecoder,
    TextEncoder,
    ReadableStream,
    setTimeout,
    clearTimeout,
    console,
    crypto,
  };
  const context = createContext({ ...web });
  runInContext(result.outputFiles[0]?.text ?? "", context);
  return { context, exports: context.vlmchat as Record<string, unknown> };
}

describe("the main entry where there is no process", () => {
  it("creates and streams completions", async () => {
    const { context, exports } = await loadWithoutProcess();
    expect(runInContext("typeof process", context)).toBe("undefined");
    const VlmChat = exports.VlmChat as typeof import("../src/index").VlmChat;
    const client = new VlmChat({ baseURL: mock.baseURL, apiKey: null });
    const completion = await client.chat.completions.create({ messages: hello });
    expect(completion.object).toBe("chat.completion");
    const stream = await client.chat.completions.create({ messages: hello, stream: true });
    expect((await stream.finalCompletion()).choices[0]?.message.content).toBe(
      completion.choices[0]?.message.content,
    );
  });
});
