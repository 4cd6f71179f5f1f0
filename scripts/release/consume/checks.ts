/**
 * What each published package must do once installed alone in a fresh project: the files a consumer
 * writes (runtime checks in plain ESM and CommonJS, a TypeScript file that uses the types in earnest) and
 * what must come out. Packages not listed here still get the generic checks (every subpath imports and
 * requires; type-checking an import of every subpath).
 */

export interface PackageChecks {
  /** An ES module run with node: throws (node:assert) when the package misbehaves. */
  readonly runtime?: string;
  /** TypeScript that must type-check under every tsconfig of consumer.ts; `@ts-expect-error` lines prove the types are not `any`. */
  readonly types?: string;
  /**
   * The most a fresh project's `node_modules` may hold once the package is installed alone (its optional
   * peers not installed), in bytes as `du -sb` counts them.
   */
  readonly installBudget?: number;
  /** Packages that must not be in `node_modules` once the package is installed alone. */
  readonly notInstalled?: readonly string[];
  /**
   * Optional peer dependencies and the subpaths that need them: installed alone, every other subpath
   * loads and these fail naming the missing peer; then the peers are installed and everything is checked.
   */
  readonly optionalPeers?: { readonly packages: readonly string[]; readonly subpaths: readonly string[] };
}

/** Decimal megabytes, as the budgets are stated. */
const MB = 1_000_000;

/** Optional peers of @vlmchat/validation: only the users of `./zod` and `./structured-output` install them. */
const validationPeers = ["zod", "ajv", "ajv-formats"];

const request = `{ model: "vlmrun-orion-1:fast", messages: [{ role: "user", content: "Describe the image." }] }`;

export const packageChecks: Record<string, PackageChecks> = {
  "@vlmchat/types": {
    notInstalled: validationPeers,
    installBudget: 0.2 * MB,
    types: `import type { ChatCompletion, ChatCompletionRequest, ContentPart } from "@vlmchat/types";

const image: ContentPart = { type: "image_url", image_url: { url: "https://example.com/cat.png" } };
export const request: ChatCompletionRequest = {
  model: "vlmrun-orion-1:fast",
  messages: [{ role: "user", content: [{ type: "text", text: "What is in this image?" }, image] }],
};
export const id = (completion: ChatCompletion): string => completion.id;
// @ts-expect-error: "robot" is not a role
export const wrongRole: ChatCompletionRequest = { model: "vlmrun-orion-1", messages: [{ role: "robot", content: "x" }] };
`,
  },
  "@vlmchat/validation": {
    notInstalled: validationPeers,
    optionalPeers: { packages: validationPeers, subpaths: ["./zod", "./structured-output"] },
    runtime: `import assert from "node:assert/strict";
import { validateStructuredOutput } from "@vlmchat/validation/structured-output";
import { ChatCompletionRequestSchema } from "@vlmchat/validation/zod";
import { parseChatCompletionRequest, validateChatCompletionRequest } from "@vlmchat/validation/request";
import { isChatCompletionRequest } from "@vlmchat/validation/request-guard";
import { validateChatCompletionChunk } from "@vlmchat/validation/response";

assert.equal(isChatCompletionRequest(${request}), true);
assert.equal(isChatCompletionRequest({ messages: [] }), false);

const good = validateChatCompletionRequest(${request});
assert.equal(good.ok, true, JSON.stringify(good));
const bad = validateChatCompletionRequest({ model: "vlmrun-orion-1:fast", messages: [{ role: "robot", content: "x" }] });
assert.equal(bad.ok, false);
assert.equal(bad.detail[0].loc[0], "body", JSON.stringify(bad.detail));
const notJson = parseChatCompletionRequest("{not json");
assert.equal(notJson.ok, false);
assert.equal(notJson.detail[0].type, "json_invalid");
assert.equal(validateChatCompletionChunk({}).ok, false);

assert.equal(ChatCompletionRequestSchema.safeParse(${request}).success, true);
const schema = { type: "object", required: ["total"], properties: { total: { type: "number" } } };
const answer = validateStructuredOutput({ type: "json_schema", schema }, '{"total": "12"}');
assert.equal(answer.ok, false);
assert.deepEqual(answer.detail[0].loc, ["response", "choices", 0, "message", "content", "total"]);
`,
    types: `import { type ValidationResult, validateChatCompletionRequest } from "@vlmchat/validation";
import type { ChatCompletionRequest } from "@vlmchat/types";

const result: ValidationResult<ChatCompletionRequest> = validateChatCompletionRequest(JSON.parse("{}"));
export const where = result.ok ? result.value.model : result.detail.map((issue) => issue.loc.join("."));
// @ts-expect-error: a failed result has no value
export const value = validateChatCompletionRequest({}).value;
`,
  },
  "@vlmchat/client": {
    notInstalled: validationPeers,
    installBudget: 2 * MB,
    runtime: `import assert from "node:assert/strict";
import { APIConnectionError, RequestValidationError, VlmChat } from "@vlmchat/client";
import { requestValidator } from "@vlmchat/validation/request";

// Port 9 (discard) on loopback: nothing listens, so the client must fail with its own error type.
const client = new VlmChat({ apiKey: "local", baseURL: "http://127.0.0.1:9/v1/openai", maxRetries: 0 });
await assert.rejects(client.models.list(), (error) => error instanceof APIConnectionError);
// The request validator comes from the installed @vlmchat/validation (a dependency of the client).
const checking = new VlmChat({
  apiKey: "local",
  baseURL: "http://127.0.0.1:9/v1/openai",
  validate: { request: requestValidator },
});
await assert.rejects(
  checking.chat.completions.create({ messages: [] }),
  (error) => error instanceof RequestValidationError && error.detail[0].type === "too_short",
);
`,
    types: `import { APIError, VlmChat } from "@vlmchat/client";

const client = new VlmChat({ apiKey: "local", baseURL: "http://127.0.0.1:9/v1/openai" });
export async function ask(): Promise<string> {
  const completion = await client.chat.completions.create(${request});
  const stream = await client.chat.completions.create({ ...${request}, stream: true });
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
  return completion.id + text;
}
export const isApiError = (error: unknown): boolean => error instanceof APIError && error.status === 429;
// Model ids are open: one the spec does not list yet still compiles (the server decides).
export const newModel = client.chat.completions.create({ model: "vlmrun-orion-3", messages: [] });
// @ts-expect-error: temperature is a number
export const wrongType = client.chat.completions.create({ temperature: "hot", messages: [] });
`,
  },
  "@vlmchat/ai-sdk": {
    notInstalled: validationPeers,
    // Installed alone, without \`ai\`: the model is driven through LanguageModelV3 directly.
    runtime: `import assert from "node:assert/strict";
import { createVlmChat } from "@vlmchat/ai-sdk";

const answer = {
  id: "chatcmpl-1", object: "chat.completion", created: 1767225600, model: "vlmrun-orion-1:fast",
  choices: [{ index: 0, message: { role: "assistant", content: "Made img_a1b2c3." }, finish_reason: "stop" }],
  usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8, credits_used: 0.5 },
  session_id: "7b0a9f5e-2c1d-4e8f-9a3b-5c6d7e8f9a0b",
};
const sent = [];
const fetch = async (request) => {
  sent.push(await request.json());
  return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
};
const prompt = [{ role: "user", content: [{ type: "text", text: "Draw a cat." }] }];
const model = createVlmChat({ apiKey: "local", baseURL: "http://127.0.0.1:9/v1/openai", fetch })("vlmrun-orion-1:fast");
const result = await model.doGenerate({ prompt, providerOptions: { vlmrun: { toolsets: ["image-gen"] } } });
assert.deepEqual(result.content, [{ type: "text", text: "Made img_a1b2c3." }]);
assert.equal(result.finishReason.unified, "stop");
assert.deepEqual(result.providerMetadata.vlmrun, { sessionId: answer.session_id, artifacts: ["img_a1b2c3"], credits: 0.5 });
assert.deepEqual(sent[0].toolsets, ["image-gen"]);
// Port 9 (discard) on loopback: nothing listens, so the call fails with the SDK's retryable APICallError.
const offline = createVlmChat({ apiKey: "local", baseURL: "http://127.0.0.1:9/v1/openai" })("vlmrun-orion-1:fast");
await assert.rejects(offline.doGenerate({ prompt }), (error) => error.name === "AI_APICallError" && error.isRetryable);
`,
    types: `import { createVlmChat, type VlmChatProvider, type VlmRunProviderOptions } from "@vlmchat/ai-sdk";

const provider: VlmChatProvider = createVlmChat({ apiKey: "local", baseURL: "http://127.0.0.1:9/v1/openai" });
export const model = provider("vlmrun-orion-1:fast");
export const anyId = provider("vlmrun-orion-3:future");
export const spec: "v3" = model.specificationVersion;
export const extras: VlmRunProviderOptions = { sessionId: "s", toolsets: ["core"], models: ["gemini"] };
// @ts-expect-error: the SDK retries, not the provider's client
export const retrying = createVlmChat({ maxRetries: 2 });
`,
    installBudget: 3 * MB,
  },
  "@vlmchat/mock-server": {
    installBudget: 6 * MB,
    // The `./msw` entry imports msw as it loads: its users install it; the budget is measured without it.
    optionalPeers: { packages: ["msw"], subpaths: ["./msw"] },
    runtime: `import assert from "node:assert/strict";
import { startMockServer } from "@vlmchat/mock-server";

const server = await startMockServer({ port: 0, db: ":memory:", log: "silent" });
try {
  const models = await fetch(\`\${server.baseURL}/models\`);
  assert.equal(models.status, 200);
  assert.ok(Array.isArray((await models.json()).data));
  const health = await fetch(\`\${server.url}/v1/health\`);
  assert.equal(health.status, 200);
} finally {
  await server.close();
}
`,
    types: `import { type MockServerOptions, startMockServer } from "@vlmchat/mock-server";

const options: MockServerOptions = { port: 0, db: ":memory:", log: "silent" };
export const baseUrl: Promise<string> = startMockServer(options).then(async (server) => {
  await server.close();
  return server.baseURL;
});
// @ts-expect-error: log is json, pretty or silent
export const wrongLog: MockServerOptions = { log: "verbose" };
`,
  },
};

/** Imports (ESM) or requires (CommonJS) every subpath a package exports, and prints what each gives. */
export function importEverySubpath(
  name: string,
  subpaths: readonly string[],
  mode: "import" | "require",
): string {
  const specifiers = subpaths.map((subpath) => (subpath === "." ? name : `${name}${subpath.slice(1)}`));
  const load = mode === "import" ? "await import(specifier)" : "require(specifier)";
  return `const loaded = {};
for (const specifier of ${JSON.stringify(specifiers)}) {
  const module = ${load};
  loaded[specifier] = Object.keys(module).length;
}
console.log(JSON.stringify(loaded));
`;
}

/** The client, installed with the mock server in one app, completes and streams against the mock's CLI. */
export const clientAgainstMock = `import assert from "node:assert/strict";
import { VlmChat } from "@vlmchat/client";

const [baseUrl] = process.argv.slice(2);
const client = new VlmChat({ apiKey: "local", baseURL: baseUrl, maxRetries: 0 });
const request = ${request};

const completion = await client.chat.completions.create(request);
assert.equal(completion.object, "chat.completion");
assert.ok(completion.session_id, "the mock returns a session id");

const stream = await client.chat.completions.create({ ...request, stream: true });
let chunks = 0;
let text = "";
for await (const chunk of stream) {
  chunks++;
  text += chunk.choices[0]?.delta?.content ?? "";
}
assert.ok(chunks >= 2, \`streamed \${chunks} chunk(s)\`);
assert.ok(text.length > 0, "the stream carried text");

const models = await client.models.list();
assert.ok(models.data.length > 0);
console.log(JSON.stringify({ chunks, characters: text.length, models: models.data.length }));
`;
