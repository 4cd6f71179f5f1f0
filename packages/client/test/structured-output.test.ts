import { validateStructuredOutput } from "@vlmchat/validation/structured-output";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { StructuredOutputError, VlmChat, VlmChatError } from "../src/index";
import { recorder, useMockServer } from "./helpers/mock";
import { useTinyServer } from "./helpers/tiny-server";

const mock = useMockServer();
const ask = [{ role: "user" as const, content: "Describe the person in the photo" }];
const Person = z.object({ name: z.string(), age: z.number().int().min(0), tags: z.array(z.string()) });
const personSchema = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } },
  required: ["name", "age"],
};

describe("parse() against the mock server", () => {
  it("with a zod schema: sends the seed's response_format and returns `parsed`", async () => {
    const { middleware, requests } = recorder();
    const completion = await mock
      .client()
      .use(middleware)
      .chat.completions.parse({ messages: ask, response_format: Person });
    const message = completion.choices[0]!.message;
    expect(message.parsed).toEqual(JSON.parse(message.content ?? ""));
    expect(Person.parse(message.parsed)).toEqual(message.parsed);
    const sent = JSON.parse(requests[0]!.body) as {
      response_format: { type: string; schema: Record<string, unknown> };
    };
    expect(sent.response_format.type).toBe("json_schema");
    expect(sent.response_format.schema).toMatchObject({ type: "object", required: ["name", "age", "tags"] });
    expect(Object.keys(sent.response_format)).toEqual(["type", "schema"]);
  });

  it("applies the zod schema's transforms", async () => {
    const Upper = z.object({ name: z.string().transform((name) => name.toUpperCase()) });
    const completion = await mock.client().chat.completions.parse({ messages: ask, response_format: Upper });
    const { content, parsed } = completion.choices[0]!.message;
    expect(parsed.name).toBe((JSON.parse(content ?? "") as { name: string }).name.toUpperCase());
  });

  it("with a JSON Schema, bare or in any response_format spelling", async () => {
    const { middleware, requests } = recorder();
    const client = mock.client().use(middleware);
    for (const response_format of [
      personSchema,
      { type: "json_schema" as const, schema: personSchema },
      { type: "json_schema" as const, json_schema: { name: "person", schema: personSchema, strict: true } },
      { type: "json_schema" as const, json_schema: personSchema },
    ]) {
      const completion = await client.chat.completions.parse<{ name: string; age: number }>(
        {
          messages: ask,
          response_format,
        },
        { outputValidator: validateStructuredOutput },
      );
      expect(typeof completion.choices[0]!.message.parsed.age).toBe("number");
    }
    for (const request of requests) {
      expect(JSON.parse(request.body).response_format).toEqual({ type: "json_schema", schema: personSchema });
    }
  });

  it("a cut-short answer (finish_reason: length) is a StructuredOutputError keeping the raw text", async () => {
    const error = await mock
      .client()
      .chat.completions.parse({ messages: ask, response_format: Person, max_tokens: 3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    const { content, detail, message } = error as StructuredOutputError;
    expect(message).toMatch(/finish_reason: length/);
    expect(content).toEqual(expect.any(String));
    expect(() => JSON.parse(content ?? "")).toThrow();
    expect(detail).toEqual([
      {
        loc: ["response", "choices", 0, "finish_reason"],
        msg: "Answer truncated",
        type: "finish_reason_length",
      },
    ]);
  });

  it("a zod rule JSON Schema cannot carry fails after the answer, with the path in `detail`", async () => {
    const Strict = z.object({
      name: z.string().refine((name) => name.startsWith("Dr. "), "must start with Dr."),
    });
    const error = await mock
      .client()
      .chat.completions.parse({ messages: ask, response_format: Strict })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).detail).toEqual([
      {
        loc: ["response", "choices", 0, "message", "content", "name"],
        msg: "must start with Dr.",
        type: "value_error",
      },
    ]);
    expect((error as StructuredOutputError).content).toMatch(/^\{/);
  });

  it("refuses what it cannot turn into a schema", async () => {
    const client = mock.client();
    await expect(
      client.chat.completions.parse({ messages: ask, response_format: { type: "text" } }),
    ).rejects.toThrow(/has none/);
    const noJsonSchema = { "~standard": { version: 1, vendor: "acme", validate: () => ({ value: 1 }) } };
    await expect(
      client.chat.completions.parse({ messages: ask, response_format: noJsonSchema as never }),
    ).rejects.toThrow(VlmChatError);
  });
});

// The mock server always answers valid JSON for a schema; these answers come from a tiny server.
let answer = "";
const tiny = useTinyServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id: "c1",
      object: "chat.completion",
      created: 1,
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
      session_id: "s1",
    }),
  );
});

describe("parse() with answers that do not fit", () => {
  const client = () => new VlmChat({ baseURL: tiny.baseURL, apiKey: null });

  it("JSON that does not parse: json_invalid with the position", async () => {
    answer = '{"name": "Ada", "age": }';
    const error = (await client()
      .chat.completions.parse(
        { messages: ask, response_format: personSchema },
        { outputValidator: validateStructuredOutput },
      )
      .catch((e: unknown) => e)) as StructuredOutputError;
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error.content).toBe(answer);
    expect(error.detail).toEqual([
      expect.objectContaining({
        loc: ["response", "choices", 0, "message", "content", 23],
        type: "json_invalid",
      }),
    ]);

    const withZod = (await client()
      .chat.completions.parse({ messages: ask, response_format: Person })
      .catch((e: unknown) => e)) as StructuredOutputError;
    expect(withZod.detail[0]).toMatchObject({ type: "json_invalid", msg: "JSON decode error" });
  });

  it("a JSON Schema without an outputValidator is refused before anything is sent", async () => {
    await expect(
      client().chat.completions.parse({ messages: ask, response_format: personSchema }),
    ).rejects.toThrow(/outputValidator/);
  });

  it("JSON that breaks the JSON Schema: the validator's detail", async () => {
    answer = JSON.stringify({ name: "Ada", age: -3 });
    const error = (await client()
      .chat.completions.parse(
        { messages: ask, response_format: personSchema },
        { outputValidator: validateStructuredOutput },
      )
      .catch((e: unknown) => e)) as StructuredOutputError;
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error.detail).toEqual([
      expect.objectContaining({
        loc: ["response", "choices", 0, "message", "content", "age"],
        type: "greater_than_equal",
      }),
    ]);
    expect(error.message).toMatch(/age/);
  });
});
