// Compiled with exactOptionalPropertyTypes on (test/exact-optional.test.ts): the hand-written option
// types must take `undefined` wherever a property may be left out, as code that forwards options does.
import { type ClientOptions, type RequestOptions, VlmChat } from "../../src/index";

const forwarded: { signal?: AbortSignal | undefined; timeout?: number | undefined } = {};
const options: RequestOptions = {
  signal: undefined,
  timeout: forwarded.timeout,
  idleTimeout: undefined,
  maxRetries: undefined,
  headers: undefined,
  idempotencyKey: undefined,
};
const clientOptions: ClientOptions = {
  apiKey: undefined,
  baseURL: undefined,
  timeout: undefined,
  fetch: undefined,
  validate: { request: undefined, response: undefined },
  logger: undefined,
  logLevel: undefined,
};

export async function run(): Promise<string | null | undefined> {
  const client = new VlmChat(clientOptions);
  const completion = await client.chat.completions.create(
    { messages: [{ role: "user", content: "Hi" }] },
    options,
  );
  await client.models.list({ signal: forwarded.signal });
  return completion.choices[0]?.message.content;
}
