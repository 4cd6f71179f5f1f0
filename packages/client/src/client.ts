import type { HealthStatus, Model, ModelList, paths } from "@vlmchat/types";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { APIPromise } from "./api-promise";
import { type Artifacts, artifacts } from "./artifacts";
import { apiRoot, DEFAULT_BASE_URL } from "./base-url";
import type { FetchLike, SendPoll } from "./call";
import { type ChatCompletions, chatCompletions } from "./chat-completions";
import { isBrowser, readEnv } from "./env";
import { VlmChatError } from "./errors";
import { type Files, files } from "./files";
import { type Logger, type LogLevel, levelLogger, parseLogLevel } from "./log";
import { closestName } from "./options";
import { ChatSession, type SessionOptions } from "./session";
import { type Limits, type RequestOptions, Transport } from "./transport";
import type { Uploadable, UploadPlatform } from "./upload-source";
import type { ValidateOption } from "./validators";
import { VERSION } from "./version";

export interface ClientOptions {
  /** Sent as `Authorization: Bearer …`. Default: `VLMRUN_API_KEY`; none at all means guest access. */
  apiKey?: string | null | undefined;
  /**
   * The API's base URL, ending with `/v1/openai`. Default: `VLMRUN_BASE_URL`, else
   * `https://agent.vlm.run/v1/openai`.
   */
  baseURL?: string | undefined;
  /** Milliseconds for a whole request, answer body or whole stream included (default 10 minutes). */
  timeout?: number | undefined;
  /** Milliseconds a stream may go without receiving a byte (default 2 minutes). */
  idleTimeout?: number | undefined;
  /** Retries after a retryable failure (default 2). */
  maxRetries?: number | undefined;
  /** The largest JSON answer read, in bytes (default 32 MiB); a larger one is a `ResponseTooLargeError`. */
  maxResponseSize?: number | undefined;
  /** The most of an error answer's body read, in bytes (default 64 KiB); the rest is left unread. */
  maxErrorBodySize?: number | undefined;
  /** The largest server-sent event (or line) of a stream, in characters (default 16 Mi); larger is a `ResponseTooLargeError`. */
  maxEventSize?: number | undefined;
  /** A fetch to use instead of `globalThis.fetch` (it is called with a `Request`). */
  fetch?: FetchLike | undefined;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /**
   * Checks of requests before they are sent and of answers, with validators you import, e.g.
   * `{ request: requestValidator }` from `@vlmchat/validation/request` (a `RequestValidationError` with
   * the 422's exact `detail`, no round trip) and `{ response: responseValidator }` from
   * `@vlmchat/validation/response`. Default: no checks.
   */
  validate?: ValidateOption | undefined;
  /** Receives one line per request, retry and poll; never headers, bodies or the key. */
  logger?: Logger | undefined;
  /** How much is logged (default: `VLMRUN_LOG`; unset, everything `logger` implements). Set, and no `logger`: the console. */
  logLevel?: LogLevel | undefined;
  /** Allow an API key in a browser page, where every visitor can read it. */
  dangerouslyAllowBrowser?: boolean | undefined;
}

const OPTION_NAMES: readonly (keyof ClientOptions)[] = [
  "apiKey",
  "baseURL",
  "timeout",
  "idleTimeout",
  "maxRetries",
  "maxResponseSize",
  "maxErrorBodySize",
  "maxEventSize",
  "fetch",
  "defaultHeaders",
  "validate",
  "logger",
  "logLevel",
  "dangerouslyAllowBrowser",
];

const DEFAULT_LIMITS: Limits = {
  maxResponseSize: 32 * 1024 * 1024,
  maxErrorBodySize: 64 * 1024,
  maxEventSize: 16 * 1024 * 1024,
};

/** `client.models.list()`: a promise of the list that is also async-iterable over its models. */
export type ModelListPromise = APIPromise<ModelList> & AsyncIterable<Model>;

/** The VLM Run chat completions client. */
export class VlmChat {
  /** The base URL in use (ending with `/v1/openai`). */
  readonly baseURL: string;
  readonly chat: {
    completions: ChatCompletions;
    /** A conversation that keeps the `session_id` the server returns. */
    session(options?: SessionOptions): ChatSession;
  };
  readonly models: {
    /** The models; `for await (const model of client.models.list())` iterates them, `.data` is the list. */
    list(options?: RequestOptions): ModelListPromise;
    retrieve(model: string, options?: RequestOptions): APIPromise<Model>;
  };
  /** Uploads to `/v1/files` and the file list; file paths from `@vlmchat/client/node`. */
  readonly files: Files<Uploadable>;
  /** What the agent made, fetched from `/v1/artifacts`. */
  readonly artifacts: Artifacts;
  readonly #api: Client<paths>;
  readonly #transport: Transport;

  /** @throws {TypeError} for an unknown option (naming the closest known one) or a base URL that cannot work. */
  constructor(options: ClientOptions = {}) {
    for (const name of Object.keys(options)) {
      if (!(OPTION_NAMES as readonly string[]).includes(name)) {
        const near = closestName(name, OPTION_NAMES);
        throw new TypeError(
          `Unknown VlmChat option ${JSON.stringify(name)}${near ? `; did you mean ${near}?` : ""}`,
        );
      }
    }
    checkValidate(options.validate);
    const apiKey = options.apiKey === null ? undefined : (options.apiKey ?? readEnv("VLMRUN_API_KEY"));
    if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey)) {
      // Say what is wrong without repeating the key.
      throw new VlmChatError("apiKey has characters an HTTP header cannot carry");
    }
    const browser = isBrowser();
    if (apiKey && browser && !options.dangerouslyAllowBrowser) {
      throw new VlmChatError(
        "An API key in a browser page is readable by all its visitors: use a server, or dangerouslyAllowBrowser: true",
      );
    }
    this.baseURL = options.baseURL ?? readEnv("VLMRUN_BASE_URL") ?? DEFAULT_BASE_URL;
    const root = apiRoot(this.baseURL);
    const envLevel = readEnv("VLMRUN_LOG");
    const level =
      options.logLevel ?? (envLevel === undefined ? undefined : parseLogLevel(envLevel, "VLMRUN_LOG"));
    // A browser sends its own User-Agent, and any header of ours would need the API's CORS preflight.
    const headers: Record<string, string> = browser ? {} : { "User-Agent": `vlmchat-client/${VERSION}` };
    Object.assign(headers, options.defaultHeaders);
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    this.#api = createClient<paths>({ baseUrl: root, headers });
    const transport = new Transport({
      timeout: options.timeout,
      idleTimeout: options.idleTimeout,
      maxRetries: options.maxRetries,
      fetch: options.fetch,
      validate: options.validate,
      logger: levelLogger(options.logger, level),
      limits: {
        maxResponseSize: options.maxResponseSize ?? DEFAULT_LIMITS.maxResponseSize,
        maxErrorBodySize: options.maxErrorBodySize ?? DEFAULT_LIMITS.maxErrorBodySize,
        maxEventSize: options.maxEventSize ?? DEFAULT_LIMITS.maxEventSize,
      },
      root,
      secret: apiKey,
      browser,
    });
    this.#transport = transport;
    const api = this.#api;
    // Poll URLs are not spec paths: openapi-fetch is given the URL's path and origin as they are, so
    // middleware still sees every request.
    const sendPoll: SendPoll = (url, init) =>
      api.GET(`${url.pathname}${url.search}` as "/v1/health", { ...init, baseUrl: url.origin });
    const completions = chatCompletions(api, transport, sendPoll);
    this.files = files(api, transport, () => this.uploadPlatform(), !browser);
    this.artifacts = artifacts(api, transport);
    this.chat = { completions, session: (sessionOptions) => new ChatSession(completions, sessionOptions) };
    this.models = {
      list: (requestOptions) => {
        const list = new APIPromise(
          transport.json<ModelList>(
            { answer: "ModelList", send: (init) => api.GET("/v1/openai/models", init) },
            requestOptions,
          ),
        );
        return Object.assign(list, {
          async *[Symbol.asyncIterator]() {
            yield* (await list).data;
          },
        });
      },
      retrieve: (model, requestOptions) =>
        new APIPromise(
          transport.json<Model>(
            {
              answer: "Model",
              send: (init) =>
                api.GET("/v1/openai/models/{model}", Object.assign({ params: { path: { model } } }, init)),
            },
            requestOptions,
          ),
        ),
    };
  }

  /** `GET /v1/health`: resolves when the service answers healthy. */
  health(options?: RequestOptions): APIPromise<HealthStatus> {
    return new APIPromise(
      this.#transport.json<HealthStatus>(
        { answer: "HealthStatus", send: (init) => this.#api.GET("/v1/health", init) },
        options,
      ),
    );
  }

  /** What uploads may use of the runtime: here nothing (no MD5, no paths); `@vlmchat/client/node` adds both. */
  protected uploadPlatform(): UploadPlatform {
    return {};
  }

  /** Adds openapi-fetch middleware; it sees every request, retries and polls included. */
  use(...middleware: Middleware[]): this {
    this.#api.use(...middleware);
    return this;
  }
}

/** `validate` must be `{ request?, response? }` with functions (the string form of earlier versions is gone). */
function checkValidate(validate: unknown): void {
  if (validate === undefined) return;
  const shape = validate as Record<string, unknown> | null;
  const ok =
    typeof shape === "object" &&
    shape !== null &&
    Object.entries(shape).every(
      ([key, value]) =>
        (key === "request" || key === "response") && (value === undefined || typeof value === "function"),
    );
  if (!ok) {
    throw new TypeError(
      'validate must be { request?: requestValidator, response?: responseValidator }, imported from "@vlmchat/validation/request" and "@vlmchat/validation/response"',
    );
  }
}
