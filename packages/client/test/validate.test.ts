import type { ChatCompletionRequest } from "@vlmchat/types";
import * as validationErrors from "@vlmchat/validation/errors";
import { requestValidator } from "@vlmchat/validation/request";
import { responseValidator } from "@vlmchat/validation/response";
import { describe, expect, it } from "vitest";
import {
  RequestValidationError,
  ResponseValidationError,
  UnprocessableEntityError,
  VlmChat,
} from "../src/index";
import { hello, recorder, useMockServer } from "./helpers/mock";
import { useTinyServer } from "./helpers/tiny-server";

const mock = useMockServer();

const invalid: Array<{ name: string; body: unknown }> = [
  { name: "no messages", body: {} },
  { name: "an unknown role", body: { messages: [{ role: "moderator", content: "Hi" }] } },
  { name: "temperature too high", body: { messages: hello, temperature: 3.5 } },
  {
    name: "an image part without a url",
    body: { messages: [{ role: "user", content: [{ type: "image_url", image_url: { detail: "low" } }] }] },
  },
  {
    name: "a streamed request with a bad max_tokens",
    body: { messages: hello, stream: true, max_tokens: 0 },
  },
];

describe("validate: { request: requestValidator }", () => {
  it.each(invalid)("$name: throws the 422's exact detail without a round trip", async ({ body }) => {
    // What the server answers for this body…
    const served = await mock
      .client()
      .chat.completions.create(body as ChatCompletionRequest)
      .catch((e: unknown) => e);
    expect(served).toBeInstanceOf(UnprocessableEntityError);
    // …is what validation says, before anything is sent.
    const { middleware, requests } = recorder();
    const client = mock.client({ validate: { request: requestValidator } }).use(middleware);
    const error = await client.chat.completions
      .create(body as ChatCompletionRequest)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    // One class, whichever package it is imported from.
    expect(error).toBeInstanceOf(validationErrors.RequestValidationError);
    expect(error).toBeInstanceOf(validationErrors.VlmChatError);
    expect((error as RequestValidationError).detail).toEqual((served as UnprocessableEntityError).detail);
    expect(requests).toHaveLength(0);
  });

  it("lets a valid request through, streamed or not", async () => {
    const client = mock.client({ validate: { request: requestValidator, response: responseValidator } });
    expect((await client.chat.completions.create({ messages: hello })).object).toBe("chat.completion");
    const stream = await client.chat.completions.create({ messages: hello, stream: true });
    expect((await stream.finalCompletion()).object).toBe("chat.completion");
    expect((await client.models.list()).object).toBe("list");
    expect(await client.health()).toMatchObject({ status: "ok" });
  });

  it("is off by default", async () => {
    const error = await mock
      .client()
      .chat.completions.create({ messages: hello, temperature: 9 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
  });
});

// The mock server answers by the spec; answers that break it come from this tiny server.
const broken = useTinyServer((req, res) => {
  const chunk = {
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: { content: "hi" }, finish_reason: null }],
    session_id: "s",
  };
  if (req.url?.endsWith("/models")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data: [{ id: 7 }] }));
  } else if (req.headers["x-want"] === "stream") {
    res.writeHead(200, { "content-type": "text/event-stream" });
    // The second chunk has lost its created.
    const { created: _, ...bad } = chunk;
    res.end(`data: ${JSON.stringify(chunk)}\n\ndata: ${JSON.stringify(bad)}\n\ndata: [DONE]\n\n`);
  } else {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "c1",
        object: "chat.completion",
        model: "m",
        choices: [{ index: 0, message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
      }),
    );
  }
});

describe("validate: { response: responseValidator }", () => {
  const client = (check: boolean) =>
    new VlmChat({
      baseURL: broken.baseURL,
      apiKey: null,
      validate: check ? { response: responseValidator } : {},
    });

  it("rejects a completion that breaks the spec, saying where", async () => {
    const error = await client(true)
      .chat.completions.create({ messages: hello })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).detail).toEqual([
      expect.objectContaining({ loc: ["response", "created"], type: "missing" }),
    ]);
    // Without validation the same answer is taken as it is.
    expect((await client(false).chat.completions.create({ messages: hello })).id).toBe("c1");
  });

  it("checks every chunk of a stream", async () => {
    const stream = await client(true).chat.completions.create(
      { messages: hello, stream: true },
      { headers: { "x-want": "stream" } },
    );
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).detail[0]?.loc).toEqual(["response", "created"]);
  });

  it("the string form is gone: an unknown shape is refused at construction", () => {
    // @ts-expect-error: validate takes validators, not "request"
    expect(() => new VlmChat({ apiKey: null, validate: "request" })).toThrow(TypeError);
  });

  it("checks model lists", async () => {
    await expect(client(true).models.list()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
