import type {
  ChatCompletion,
  ChatCompletionRequest,
  NonStreamingChatCompletionRequest,
  paths,
  ResponseFormat,
  StreamingChatCompletionRequest,
} from "@vlmchat/types";
import type { Client } from "openapi-fetch";
import { APIPromise, type WithRequestId } from "./api-promise";
import type { SendInit, SendPoll } from "./call";
import type { ChatCompletionStream } from "./stream";
import {
  type JsonSchema,
  type ParsedChatCompletion,
  type ParseOptions,
  type ParseParams,
  parseCompletion,
  type SchemaOutput,
  type StandardSchema,
  type StructuredSchema,
} from "./structured-output";
import type { Answer, RequestOptions, Transport } from "./transport";

export type ChatCompletionCreateParams = ChatCompletionRequest;
export type ChatCompletionCreateParamsStreaming = StreamingChatCompletionRequest;
export type ChatCompletionCreateParamsNonStreaming = NonStreamingChatCompletionRequest;

/** `client.chat.completions`. */
export interface ChatCompletions {
  /**
   * Creates a chat completion. With `stream: true` the promise resolves, once the answer's headers are
   * in, to a `ChatCompletionStream` of chunks; otherwise to the `ChatCompletion`. `withResponse()` on
   * the promise gives the HTTP response and the request id too.
   */
  create(
    body: ChatCompletionCreateParamsStreaming,
    options?: RequestOptions,
  ): APIPromise<ChatCompletionStream>;
  create(
    body: ChatCompletionCreateParamsNonStreaming,
    options?: RequestOptions,
  ): APIPromise<WithRequestId<ChatCompletion>>;
  create(
    body: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): APIPromise<WithRequestId<ChatCompletion> | ChatCompletionStream>;

  /**
   * A completion whose answer must follow a schema. Sends the seed's `{type: "json_schema", schema}`;
   * each choice's `message.parsed` is the answer parsed and checked. A Standard Schema with JSON Schema
   * output (zod ≥ 4.2, valibot, arktype) is checked with its own `validate`; a plain JSON Schema (or any
   * `response_format` spelling) only with `options.outputValidator`, e.g. `validateStructuredOutput` from
   * `@vlmchat/validation/structured-output`. A cut-short answer, invalid JSON or a schema violation
   * throws `StructuredOutputError` with the raw text and the `detail`.
   */
  parse<Schema extends StandardSchema>(
    params: ParseParams<Schema>,
    options?: ParseOptions,
  ): Promise<ParsedChatCompletion<SchemaOutput<Schema>>>;
  parse<Parsed = unknown>(
    params: ParseParams<JsonSchema | ResponseFormat>,
    options?: ParseOptions,
  ): Promise<ParsedChatCompletion<Parsed>>;
}

/** `client.chat.completions` over a client's openapi-fetch client and transport. */
export function chatCompletions(
  api: Client<paths>,
  transport: Transport,
  sendPoll: SendPoll,
): ChatCompletions {
  const send = (
    body: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<Answer<ChatCompletion | ChatCompletionStream>> => {
    const call = {
      answer: "ChatCompletion" as const,
      send: (init: SendInit) =>
        api.POST("/v1/openai/chat/completions", {
          fetch: init.fetch,
          headers: init.headers,
          parseAs: init.parseAs,
          body,
        }),
      poll: sendPoll,
    };
    if (!body.stream) return transport.json<ChatCompletion>(call, options);
    return transport
      .stream(call, options)
      .then((stream) => ({ data: stream, response: stream.response as Response }));
  };
  const create = (body: ChatCompletionCreateParams, options?: RequestOptions) => {
    const checkRequest = transport.settings.validate?.request;
    if (!checkRequest) return new APIPromise(send(body, options));
    return new APIPromise(
      Promise.resolve(body)
        .then(checkRequest)
        .then(() => send(body, options)),
    );
  };
  const parse = (params: ParseParams<StructuredSchema>, options: ParseOptions = {}) =>
    parseCompletion(
      params,
      options.outputValidator,
      (body) => create(body, options) as PromiseLike<ChatCompletion>,
    );
  return { create, parse } as ChatCompletions;
}
