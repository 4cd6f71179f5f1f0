/**
 * Validations per second of a realistic multimodal request, valid and invalid: the precompiled ajv
 * path (`validateChatCompletionRequest`, which on failure also builds the 422 `detail`) against zod's
 * `safeParse` of the generated schema, in the same run; and the request guard (`isChatCompletionRequest`,
 * a yes or no) against ajv compiled at run time from the spec's schemas, the work a client would do
 * without the precompiled code. Run: `pnpm --filter @vlmchat/validation bench`.
 */
import { validateChatCompletionRequest } from "@vlmchat/validation/request";
import { isChatCompletionRequest } from "@vlmchat/validation/request-guard";
import { ChatCompletionRequestSchema } from "@vlmchat/validation/zod";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Bench } from "tinybench";
import { specSchemas, specSchemasId } from "../src/generated/ajv/spec-schemas";

/** A ~48 KB base64 payload, as an inline image of a few tens of KB would be. */
const base64 = Buffer.from(Array.from({ length: 36_000 }, (_, i) => (i * 7919) % 256)).toString("base64");

const valid = {
  model: "vlmrun-orion-1:auto",
  stream: true,
  stream_options: { include_usage: true },
  temperature: 0.2,
  max_tokens: 4096,
  session_id: "3f6c1e0a-8b2d-4c5e-9f7a-1d2e3f4a5b6c",
  toolsets: ["image", "document", "video"],
  metadata: { dataset_name: "invoices", experiment_id: "exp-42" },
  messages: [
    { role: "system", content: "You extract fields from documents and describe media precisely." },
    {
      role: "user",
      content: [
        { type: "text", text: "Extract the invoice fields, then compare with the photo and the clip." },
        { type: "image_url", image_url: { url: `data:image/png;base64,${base64}`, detail: "high" } },
        { type: "image_url", image_url: { url: "https://images.example.com/scans/invoice-0042.png" } },
        { type: "file_url", file_url: { url: "https://files.example.com/invoice-0042.pdf", detail: "auto" } },
        { type: "video_url", video_url: { url: "https://media.example.com/unboxing.mp4" } },
        {
          type: "input_audio",
          input_audio: { data: "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgA", format: "wav" },
        },
      ],
    },
    { role: "assistant", content: "The invoice total is 1250.00 EUR; the photo shows the same invoice." },
    { role: "user", content: "Now return the fields as JSON." },
  ],
  response_format: {
    type: "json_schema",
    schema: {
      type: "object",
      properties: {
        invoice_number: { type: "string" },
        total: { type: "number" },
        currency: { type: "string", enum: ["EUR", "USD"] },
        lines: { type: "array", items: { type: "object", properties: { item: { type: "string" } } } },
      },
      required: ["invoice_number", "total"],
    },
  },
};

/** The same request with three mistakes: an unknown role, an image without url, temperature 3. */
const invalid = structuredClone(valid) as typeof valid & { messages: Record<string, unknown>[] };
invalid.temperature = 3;
(invalid.messages[0] as Record<string, unknown>).role = "narrator";
(
  (invalid.messages[1] as { content: Record<string, unknown>[] }).content[2] as Record<string, unknown>
).image_url = {};

if (!validateChatCompletionRequest(valid).ok || validateChatCompletionRequest(invalid).ok) {
  throw new Error("the benchmark's payloads are not what they claim to be");
}
if (
  !ChatCompletionRequestSchema.safeParse(valid).success ||
  ChatCompletionRequestSchema.safeParse(invalid).success
) {
  throw new Error("zod disagrees with the benchmark's payloads");
}

const runtimeAjv = new Ajv2020({ strict: false, discriminator: true });
runtimeAjv.addSchema(structuredClone(specSchemas) as object);
const found = runtimeAjv.getSchema(`${specSchemasId}#/$defs/ChatCompletionRequest`);
if (!found) throw new Error("the spec's schemas have no ChatCompletionRequest");
const compiledAtRunTime = found;
if (!compiledAtRunTime(valid) || !isChatCompletionRequest(valid)) {
  throw new Error("the guard or ajv compiled at run time disagrees with the benchmark's payload");
}

// One sample times a batch: a single validation is too short for the clock. Each task has its own
// loop, so that no call site is shared (and made polymorphic) between ajv and zod.
const batch = 100;
const cases: Record<string, () => void> = {
  "ajv, valid": () => {
    for (let i = 0; i < batch; i++) validateChatCompletionRequest(valid);
  },
  "zod, valid": () => {
    for (let i = 0; i < batch; i++) ChatCompletionRequestSchema.safeParse(valid);
  },
  "ajv, invalid (with detail)": () => {
    for (let i = 0; i < batch; i++) validateChatCompletionRequest(invalid);
  },
  "zod, invalid": () => {
    for (let i = 0; i < batch; i++) ChatCompletionRequestSchema.safeParse(invalid);
  },
  "request guard, valid": () => {
    for (let i = 0; i < batch; i++) isChatCompletionRequest(valid);
  },
  "ajv compiled at run time, valid": () => {
    for (let i = 0; i < batch; i++) compiledAtRunTime(valid);
  },
  "ajv strict, valid": () => {
    for (let i = 0; i < batch; i++) validateChatCompletionRequest(valid, { strict: true });
  },
};

const bench = new Bench({ time: 1500, warmup: true });
for (const [name, fn] of Object.entries(cases)) bench.add(name, fn);
await bench.run();

const opsPerSecond: Record<string, number> = {};
for (const task of bench.tasks) {
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
  opsPerSecond[task.name] = (batch * 1000) / result.period;
}
console.log("validateChatCompletionRequest (precompiled ajv) vs zod safeParse, realistic multimodal request");
console.table(
  Object.fromEntries(
    Object.entries(opsPerSecond).map(([name, ops]) => [
      name,
      { "ops/s": Math.round(ops), "µs/op": +(1e6 / ops).toFixed(2) },
    ]),
  ),
);
const ratio = (a: string, b: string) => (opsPerSecond[a] as number) / (opsPerSecond[b] as number);
console.log(`ratio ajv/zod, valid:   ${ratio("ajv, valid", "zod, valid").toFixed(1)}x (target >= 10x)`);
console.log(`ratio ajv/zod, invalid: ${ratio("ajv, invalid (with detail)", "zod, invalid").toFixed(1)}x`);
console.log(
  `ratio request guard / ajv compiled at run time, valid: ${ratio("request guard, valid", "ajv compiled at run time, valid").toFixed(1)}x (target about 3x)`,
);
