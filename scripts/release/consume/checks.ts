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
}

const request = `{ model: "vlmrun-orion-1:fast", messages: [{ role: "user", content: "Describe the image." }] }`;

export const packageChecks: Record<string, PackageChecks> = {
  "@vlmchat/types": {
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
    runtime: `import assert from "node:assert/strict";
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
// @ts-expect-error: not a model this API serves
export const wrongModel = client.chat.completions.create({ model: "gpt-4o", messages: [] });
`,
  },
  "@vlmchat/mock-server": {
    runtime: `import assert from "node:assert/strict";
import { startMockServer } from "@vlmchat/mock-server";

const server = await startMockServer({ port: 0, db: ":memory:", log: "silent" });
try {
  const models = await fetch(\`\${server.baseUrl}/models\`);
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
  return server.baseUrl;
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
