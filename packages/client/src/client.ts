import type { HealthStatus, Model, ModelList, paths } from "@vlmchat/types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { apiRoot, DEFAULT_BASE_URL } from "./base-url";
import { type ChatCompletions, chatCompletions } from "./chat-completions";
import { isBrowser, readEnv } from "./env";
import { VlmChatError } from "./errors";
import { ChatSession, type SessionOptions } from "./session";
import { type Logger, type RequestOptions, type SendPoll, Transport } from "./transport";
import type { ValidateOption } from "./validators";

export interface ClientOptions {
  /** Sent as `Authorization: Bearer …`. Default: `VLMRUN_API_KEY`; none at all means guest access. */
  apiKey?: string | null | undefined;
  /**
   * The API's base URL, ending with `/v1/openai`. Default: `VLMRUN_BASE_URL`, else
   * `https://agent.vlm.run/v1/openai`.
   */
  baseUrl?: string | undefined;
  /** Milliseconds for a whole request, answer body or whole stream included (default 10 minutes). */
  timeout?: number | undefined;
  /** Milliseconds a stream may go without receiving a byte (default 2 minutes). */
  idleTimeout?: number | undefined;
  /** Retries after a retryable failure (default 2). */
  maxRetries?: number | undefined;
  /** A fetch to use instead of `globalThis.fetch` (it is called with a `Request`). */
  fetch?: ((input: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /**
   * Check requests before sending them (`"request"`: a `RequestValidationError` with the 422's exact
   * `detail`, no round trip), answers and chunks (`"response"`), or both (`true`). The validators are
   * loaded on first use only, so they cost nothing in bundles that do not validate. Default `false`.
   */
  validate?: ValidateOption | undefined;
  /** Receives one line per request, retry and poll; never headers, bodies or the key. */
  logger?: Logger | undefined;
  /** Allow an API key in a browser page, where every visitor can read it. */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/** The VLM Run chat completions client. */
export class VlmChat {
  /** The base URL in use (ending with `/v1/openai`). */
  readonly baseUrl: string;
  readonly chat: {
    completions: ChatCompletions;
    /** A conversation that keeps the `session_id` the server returns. */
    session(options?: SessionOptions): ChatSession;
  };
  readonly models: {
    list(options?: RequestOptions): Promise<ModelList>;
    retrieve(model: string, options?: RequestOptions): Promise<Model>;
  };
  readonly #api: Client<paths>;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey === null ? undefined : (options.apiKey ?? readEnv("VLMRUN_API_KEY"));
    if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey)) {
      // Say what is wrong without repeating the key.
      throw new VlmChatError("apiKey has characters an HTTP header cannot carry");
    }
    if (apiKey && isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new VlmChatError(
        "An API key in a browser page is readable by all its visitors: use a server, or dangerouslyAllowBrowser: true",
      );
    }
    this.baseUrl = options.baseUrl ?? readEnv("VLMRUN_BASE_URL") ?? DEFAULT_BASE_URL;
    const root = apiRoot(this.baseUrl);
    const headers: Record<string, string> = { ...options.defaultHeaders };
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    this.#api = createClient<paths>({ baseUrl: root, headers });
    const transport = new Transport({ ...options, root, secret: apiKey });
    this.#transport = transport;
    const api = this.#api;
    // Poll URLs are not spec paths: openapi-fetch is given the URL's path and origin as they are, so
    // middleware still sees every request.
    const sendPoll: SendPoll = (url, init) =>
      api.GET(`${url.pathname}${url.search}` as "/v1/health", { ...init, baseUrl: url.origin });
    const completions = chatCompletions(api, transport, sendPoll);
    this.chat = { completions, session: (sessionOptions) => new ChatSession(completions, sessionOptions) };
    this.models = {
      list: (requestOptions) =>
        transport.json(
          { answer: "ModelList", send: (init) => api.GET("/v1/openai/models", init) },
          requestOptions,
        ),
      retrieve: (model, requestOptions) =>
        transport.json(
          {
            answer: "Model",
            send: (init) =>
              api.GET("/v1/openai/models/{model}", Object.assign({ params: { path: { model } } }, init)),
          },
          requestOptions,
        ),
    };
  }

  /** `GET /v1/health`: resolves when the service answers healthy. */
  health(options?: RequestOptions): Promise<HealthStatus> {
    return this.#transport.json(
      { answer: "HealthStatus", send: (init) => this.#api.GET("/v1/health", init) },
      options,
    );
  }

  /** Adds openapi-fetch middleware; it sees every request, retries and polls included. */
  use(...middleware: Middleware[]): this {
    this.#api.use(...middleware);
    return this;
  }
}
