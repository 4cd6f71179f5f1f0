import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionStream,
  ImageUrlPart,
  Message,
  VlmChat,
  WithRequestId,
} from "../src/index";

declare const client: VlmChat;
const messages: Message[] = [{ role: "user", content: "Hi" }];

describe("create() follows `stream`", () => {
  it("stream: true gives a stream of chunks", () => {
    const result = client.chat.completions.create({ messages, stream: true });
    expectTypeOf(result).resolves.toEqualTypeOf<ChatCompletionStream>();
    type Item = ChatCompletionStream extends AsyncIterable<infer T> ? T : never;
    expectTypeOf<Item>().toEqualTypeOf<ChatCompletionChunk>();
  });

  it("no stream, or stream: false, gives a completion", () => {
    expectTypeOf(client.chat.completions.create({ messages })).resolves.toEqualTypeOf<
      WithRequestId<ChatCompletion>
    >();
    expectTypeOf(client.chat.completions.create({ messages, stream: false })).resolves.toEqualTypeOf<
      WithRequestId<ChatCompletion>
    >();
  });

  it("a boolean known only at run time gives either", () => {
    const stream = Math.random() > 0.5;
    expectTypeOf(client.chat.completions.create({ messages, stream })).resolves.toEqualTypeOf<
      WithRequestId<ChatCompletion> | ChatCompletionStream
    >();
  });

  it("rejects what the spec rejects", () => {
    // @ts-expect-error: messages is required
    client.chat.completions.create({ stream: true });
    // @ts-expect-error: role is a closed set
    client.chat.completions.create({ messages: [{ role: "moderator", content: "x" }] });
  });

  it("takes what the input helpers build as content", async () => {
    const { image } = await import("../src/index");
    const part = await image(new Uint8Array());
    expectTypeOf(part).toEqualTypeOf<ImageUrlPart>();
    client.chat.completions.create({
      messages: [{ role: "user", content: [part, { type: "text", text: "?" }] }],
    });
  });
});

describe("parse() types `parsed`", () => {
  it("from a zod schema", () => {
    const Person = z.object({ name: z.string(), age: z.number().int().optional() });
    const result = client.chat.completions.parse({ messages, response_format: Person });
    type Parsed = Awaited<typeof result>["choices"][number]["message"]["parsed"];
    expectTypeOf<Parsed>().toEqualTypeOf<{ name: string; age?: number | undefined }>();
  });

  it("from a zod schema with a transform: the output type", () => {
    const Schema = z.object({ when: z.string().transform((text) => new Date(text)) });
    const result = client.chat.completions.parse({ messages, response_format: Schema });
    type Parsed = Awaited<typeof result>["choices"][number]["message"]["parsed"];
    expectTypeOf<Parsed>().toEqualTypeOf<{ when: Date }>();
  });

  it("generic for a JSON Schema, unknown by default", () => {
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    const typed = client.chat.completions.parse<{ name: string }>({ messages, response_format: schema });
    type Typed = Awaited<typeof typed>["choices"][number]["message"]["parsed"];
    expectTypeOf<Typed>().toEqualTypeOf<{ name: string }>();
    const untyped = client.chat.completions.parse({ messages, response_format: schema });
    type Untyped = Awaited<typeof untyped>["choices"][number]["message"]["parsed"];
    expectTypeOf<Untyped>().toEqualTypeOf<unknown>();
  });

  it("accepts a response_format object, and no stream", () => {
    client.chat.completions.parse({
      messages,
      response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } },
    });
    // @ts-expect-error: parse() reads one whole answer
    client.chat.completions.parse({ messages, stream: true, response_format: { type: "object" } });
  });
});

describe("sessions", () => {
  it("send() follows `stream` too", () => {
    const chat = client.chat.session();
    expectTypeOf(chat.send("Hi")).resolves.toEqualTypeOf<ChatCompletion>();
    expectTypeOf(chat.send("Hi", { stream: true })).resolves.toEqualTypeOf<ChatCompletionStream>();
    expectTypeOf(chat.id).toEqualTypeOf<string | undefined>();
  });
});

describe("openai-node familiarity", () => {
  it("withResponse() gives the data, the response and the request id; models.list() iterates models", async () => {
    const { data, response, requestId } = await client.chat.completions.create({ messages }).withResponse();
    expectTypeOf(data).toEqualTypeOf<WithRequestId<ChatCompletion>>();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
    for await (const model of client.models.list()) expectTypeOf(model.id).toEqualTypeOf<string>();
    expectTypeOf((await client.models.list()).data).toBeArray();
  });
});
