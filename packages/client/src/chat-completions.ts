import type {
  ChatCompletion,
  ChatCompletionRequest,
  NonStreamingChatCompletionRequest,
  paths,
  ResponseFormat,
  StreamingChatCompletionRequest,
} from "@vlmchat/types";
import type { Client } from "openapi-fetch";
import type { ChatCompletionStream } from "./stream";
import type {
  JsonSchema,
  ParsedChatCompletion,
  ParseParams,
  SchemaOutput,
  StandardJSONSchema,
  StructuredSchema,
} from "./structured-output";
import type { RequestOptions, SendInit, SendPoll, Transport } from "./transport";

export type ChatCompletionCreateParams = ChatCompletionRequest;
export type ChatCompletionCreateParamsStreaming = StreamingChatCompletionRequest;
export type ChatCompletionCreateParamsNonStreaming = NonStreamingChatCompletionRequest;

/** `client.chat.completions`. */
export interface ChatCompletions {
  /**
   * Creates a chat completion. With `stream: true` the promise resolves, once the answer's headers are
   * in, to a `ChatCompletionStream` of chunks; otherwise to the `ChatCompletion`.
   */
  create(body: ChatCompletionCreateParamsStreaming, options?: RequestOptions): Promise<ChatCompletionStream>;
  create(body: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): Promise<ChatCompletion>;
  create(
    body: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<ChatCompletion | ChatCompletionStream>;

  /**
   * A completion whose answer must follow a schema: a zod (≥ 4.2) or other Standard Schema with JSON
   * Schema output, or a plain JSON Schema (or any `response_format` spelling). Sends the seed's
   * `{type: "json_schema", schema}`; each choice's `message.parsed` is the answer parsed and validated
   * (typed from the zod schema). A cut-short answer, invalid JSON or a schema violation throws
   * `StructuredOutputError` with the raw text and the `detail`.
   */
  parse<Schema extends StandardJSONSchema>(
    params: ParseParams<Schema>,
    options?: RequestOptions,
  ): Promise<ParsedChatCompletion<SchemaOutput<Schema>>>;
  parse<Parsed = unknown>(
    params: ParseParams<JsonSchema | ResponseFormat>,
    options?: RequestOptions,
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
  ): Promise<ChatCompletion | ChatCompletionStream> => {
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
    return body.stream ? transport.stream(call, options) : transport.json(call, options);
  };
  const create = (body: ChatCompletionCreateParams, options?: RequestOptions) => {
    const validate = transport.settings.validate;
    // Not an async function unless it validates: each async layer costs a call a little.
    if (validate !== true && validate !== "request") return send(body, options);
    return import("./validators")
      .then(({ checkRequest }) => checkRequest(body))
      .then(() => send(body, options));
  };
  const parse = async (params: ParseParams<StructuredSchema>, options?: RequestOptions) => {
    // Loaded on first use: a bundle that never parses does not carry it.
    const { parseCompletion } = await import("./structured-output");
    return parseCompletion(params, (body) => create(body, options) as Promise<ChatCompletion>);
  };
  return { create, parse } as ChatCompletions;
}
