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
import type { RequestOptions, Send, SendPoll, Transport } from "./transport";
import type { Validators } from "./validators";

export type ChatCompletionCreateParams = ChatCompletionRequest;
export type ChatCompletionCreateParamsStreaming = StreamingChatCompletionRequest;
export type ChatCompletionCreateParamsNonStreaming = NonStreamingChatCompletionRequest;

const LABEL = "POST /chat/completions";

/** `client.chat.completions`. */
export class ChatCompletions {
  readonly #api: Client<paths>;
  readonly #transport: Transport;
  readonly #validators: Validators;
  readonly #sendPoll: SendPoll;

  constructor(api: Client<paths>, transport: Transport, validators: Validators, sendPoll: SendPoll) {
    this.#api = api;
    this.#transport = transport;
    this.#validators = validators;
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
    const validators = this.#validators;
    if (validators.requests) await validators.checkRequest(body);
    const send: Send = (init) => this.#api.POST("/v1/openai/chat/completions", { ...init, body });
    const extra = { idempotent: true, poll: this.#sendPoll };
    if (body.stream) {
      const checkChunk = validators.responses ? await validators.chunkCheck() : undefined;
      return this.#transport.stream(LABEL, send, options, { ...extra, checkChunk });
    }
    return this.#transport.json<ChatCompletion>(LABEL, send, options, {
      ...extra,
      check: validators.response("validateChatCompletion"),
    });
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
