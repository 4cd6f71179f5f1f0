// The page the Chromium test loads: MSW's worker answers VLM Run's hosts from the mock's handlers, and
// the mock fetch answers with no worker at all. Each check's outcome lands in `window.results`.
import { createMockFetch } from "@vlmchat/mock-server";
import { createHandlers } from "@vlmchat/mock-server/msw";
import { setupWorker } from "msw/browser";
import OpenAI from "openai";

const hello = [{ role: "user" as const, content: "Describe a red square in one sentence." }];
const model = "vlmrun-orion-1:auto";

async function run(): Promise<Record<string, unknown>> {
  const worker = setupWorker(...createHandlers());
  await worker.start({
    serviceWorker: { url: "/mockServiceWorker.js" },
    onUnhandledRequest: "error",
    quiet: true,
  });

  const results: Record<string, unknown> = {};
  const openai = new OpenAI({
    apiKey: "sk-mock",
    baseURL: "https://agent.vlm.run/v1/openai",
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
  });
  const completion = await openai.chat.completions.create({ model, messages: hello });
  results.text = completion.choices[0]?.message.content;
  let streamed = "";
  const stream = await openai.chat.completions.create({ model, messages: hello, stream: true });
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? "";
  results.streamed = streamed;
  results.unprocessable = await openai.chat.completions
    .create({ model: "no-such-model", messages: hello })
    .then(
      () => "no error",
      (error: { status?: number }) => error.status,
    );
  const faulted = await fetch("https://api.vlm.run/v1/openai/models", {
    headers: { "x-vlmchat-fault": "status=503; should-retry=false" },
  });
  results.faultStatus = faulted.status;
  results.reset = await fetch("https://agent.vlm.run/v1/openai/models", {
    headers: { "x-vlmchat-fault": "reset" },
  }).then(
    () => "answered",
    (error: Error) => error.name,
  );
  worker.stop();

  const mockFetch = createMockFetch({ latencyMs: 5 });
  const portless = new OpenAI({
    apiKey: "sk-mock",
    baseURL: "https://agent.vlm.run/v1/openai",
    dangerouslyAllowBrowser: true,
    fetch: mockFetch,
  });
  let fetched = "";
  for await (const chunk of await portless.chat.completions.create({
    model,
    messages: hello,
    stream: true,
  })) {
    fetched += chunk.choices[0]?.delta.content ?? "";
  }
  results.mockFetchStreamed = fetched;
  const controller = new AbortController();
  const slow = await mockFetch("https://agent.vlm.run/v1/openai/chat/completions", {
    method: "POST",
    body: JSON.stringify({ messages: hello, stream: true }),
    signal: controller.signal,
  });
  const reader = (slow.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  controller.abort();
  results.aborted = await reader.read().then(
    () => "still reading",
    (error: Error) => error.name,
  );
  return results;
}

const target = window as unknown as { results?: Record<string, unknown>; failure?: string };
run().then(
  (results) => {
    target.results = results;
  },
  (error: unknown) => {
    target.failure =
      error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
  },
);
