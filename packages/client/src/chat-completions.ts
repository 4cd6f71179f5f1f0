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
export class ChatCompletions {
  readonly #api: Client<paths>;
  readonly #transport: Transport;
  readonly #sendPoll: SendPoll;

  constructor(api: Client<paths>, transport: Transport, sendPoll: SendPoll) {
    this.#api = api;
    this.#transport = transport;
    this.#sendPoll = sendPoll;
  }

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
  async create(
    body: ChatCompletionCreateParams,
    options?: RequestOptions,
  ): Promise<ChatCompletion | ChatCompletionStream> {
    const transport = this.#transport;
    const validate = transport.settings.validate;
    if (validate === true || validate === "request") await (await import("./validators")).checkRequest(body);
    const call = {
      answer: "ChatCompletion" as const,
      send: (init: SendInit) => this.#api.POST("/v1/openai/chat/completions", { ...init, body }),
      poll: this.#sendPoll,
    };
    return body.stream ? transport.stream(call, options) : transport.json<ChatCompletion>(call, options);
  }

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
  async parse(
    params: ParseParams<StructuredSchema>,
    options?: RequestOptions,
  ): Promise<ParsedChatCompletion<unknown>> {
    // Loaded on first use: a bundle that never parses does not carry it.
    const { parseCompletion } = await import("./structured-output");
    return parseCompletion(params, (body) => this.create(body, options));
  }
}
