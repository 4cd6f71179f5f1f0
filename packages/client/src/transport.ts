import { ChunkReader, type StreamAttempt } from "./chunk-reader";
import { APIError, type VlmChatError } from "./errors";
import { failureOf, RequestLifetime, sleep } from "./lifetime";
import { retryDelay } from "./retry";
import { ChatCompletionStream } from "./stream";
import type { ResponseSchemaName, ValidateOption } from "./validators";

/** Options of one request; each overrides the client's setting of the same name. */
export interface RequestOptions {
  /** Aborts the request, a backoff sleep or a poll wait included. */
  signal?: AbortSignal;
  /** Milliseconds for the whole request: connection, answer body or whole stream, and 303 polling. */
  timeout?: number;
  /** Milliseconds a stream may go without a byte. */
  idleTimeout?: number;
  /** Retries after a retryable failure (so `maxRetries + 1` attempts at most). */
  maxRetries?: number;
  /** Extra headers; `null` removes a default one. */
  headers?: Record<string, string | null | undefined>;
  /**
   * Sent as `Idempotency-Key` on every attempt of this request. Default: a fresh UUID per POST that may
   * be retried (`maxRetries` above 0); with no retries, no key unless given.
   */
  idempotencyKey?: string;
}

/** Where the client reports requests and retries. Never given a header, a body or the API key. */
export interface Logger {
  /** One line per failed attempt, saying whether it is retried and when. */
  warn?(message: string): void;
  /** One line per poll of a long request. */
  debug?(message: string): void;
}

/** The client's options that the transport reads (defaults applied per request), with the API root and key. */
export interface TransportSettings {
  timeout?: number | undefined;
  idleTimeout?: number | undefined;
  maxRetries?: number | undefined;
  logger?: Logger | undefined;
  validate?: ValidateOption | undefined;
  fetch?: FetchLike | undefined;
  /** The API root the spec's paths hang from (see `apiRoot`). */
  root: string;
  /** Cut out of every error body and message. */
  secret: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_IDLE_TIMEOUT_MS = 2 * 60 * 1000;
const DEFAULT_MAX_RETRIES = 2;

/** A fetch as the client calls it: with the `Request` openapi-fetch built, and the attempt's signal. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/**
 * What one openapi-fetch call needs from the transport. The attempt's signal goes to fetch as its second
 * argument rather than onto the `Request`: in Node a `Request` that follows a signal costs about 30 µs
 * to build, more than all the rest of a call. A JSON answer is read as text (`data`), a stream's is left
 * unread; asking for the body of a text answer as a stream would cost as much again.
 */
export type SendInit = {
  fetch: (input: Request) => Promise<Response>;
  headers: Record<string, string | null | undefined>;
  parseAs: "text" | "stream";
};

/** What openapi-fetch answers: `data` (the text) on success, `error` (parsed when JSON) on failure. */
export type Sent = { response: Response; data?: unknown; error?: unknown };
/** One typed openapi-fetch call. */
export type Send = (init: SendInit) => Promise<Sent>;
/** A GET of a poll URL, outside the spec's paths. */
export type SendPoll = (url: URL, init: SendInit) => Promise<Sent>;

/** What a call is, beyond its options. */
export interface Call {
  /** What the answer is, by its schema's name: names the validator (`validate…`) and the call in log lines. */
  answer: ResponseSchemaName;
  send: Send;
  /** A POST: sent with an `Idempotency-Key`, and a 303/202 "not ready yet" is polled with this GET. */
  poll?: SendPoll;
  /** Hand back the answer unread (a stream) instead of reading its body. */
  stream?: boolean;
}

interface Attempt {
  response: Response;
  lifetime: RequestLifetime;
  attempt: number;
  /** The body, read within the attempt (so a body cut short is retried); not for streams. */
  text?: string;
}

/** A call with its options resolved. (Built field by field: `{...a, b}` is a slow path in V8.) */
interface Resolved {
  call: Call;
  stream: boolean;
  signal: AbortSignal | undefined;
  timeout: number;
  idleTimeout: number;
  maxRetries: number;
  headers: Record<string, string | null | undefined>;
}

/** Retries, timeouts, 303 polling and error mapping around openapi-fetch calls. */
export class Transport {
  readonly settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.settings = settings;
  }

  /** Sends until a success (retrying as allowed), and reads, parses and (optionally) validates the JSON answer. */
  async json<T>(call: Call, options: RequestOptions = {}): Promise<T> {
    const { response, text } = await this.#attempts(this.#resolve(call, options, options.signal, false), 0);
    // Parsing and checking fail the same way every time: no retry past this point.
    let value: unknown;
    try {
      value = JSON.parse(text as string);
    } catch {
      throw new APIError(
        response.status,
        text,
        `The ${response.status} answer is not JSON`,
        response.headers,
      );
    }
    if (this.#validates("response")) await (await import("./validators")).checkResponse(call.answer, value);
    return value as T;
  }

  /** Sends until the stream's headers arrive (retrying as allowed) and returns the stream, unread. */
  async stream(call: Call, options: RequestOptions = {}): Promise<ChatCompletionStream> {
    // The stream's abort() must reach every attempt and backoff sleep, later ones included.
    const aborter = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, aborter.signal]) : aborter.signal;
    const o = this.#resolve(call, options, signal, true);
    const check = this.#validates("response")
      ? await (await import("./validators")).chunkChecker()
      : undefined;
    let current: Response | undefined;
    const attemptOf = (opened: Attempt): StreamAttempt => {
      current = opened.response;
      return {
        ...opened,
        retry: (error) =>
          this.#retryWait(o, error, opened.attempt)
            .then(() => this.#attempts(o, opened.attempt + 1))
            .then(attemptOf),
      };
    };
    const first = attemptOf(await this.#attempts(o, 0));
    const settings = { idleTimeout: o.idleTimeout, check, secret: this.settings.secret };
    return new ChatCompletionStream(
      (sink) => new ChunkReader(first, settings, sink),
      (reason) => aborter.abort(reason),
      () => current,
    );
  }

  #validates(what: "request" | "response"): boolean {
    const validate = this.settings.validate;
    return validate === true || validate === what;
  }

  /** Attempts from `from` on until one answers with success (its body read, unless a stream); throws the last failure. */
  async #attempts(o: Resolved, from: number): Promise<Attempt> {
    for (let attempt = from; ; attempt++) {
      const lifetime = new RequestLifetime(o.timeout, o.signal);
      try {
        const init: SendInit = {
          fetch: lifetime.fetch(this.settings.fetch),
          headers: o.headers,
          parseAs: o.stream ? "stream" : "text",
        };
        let { response, data, error } = await lifetime.race(o.call.send(init));
        const status = response.status;
        if (o.call.poll && (status === 202 || status === 204 || status === 303)) {
          // Only long requests get here: loaded on first use.
          const { pollUntilReady } = await import("./poll");
          ({ response, data, error } = await pollUntilReady(
            response,
            o.call.poll,
            init,
            lifetime,
            this.settings,
            o.call.answer,
          ));
        }
        if (!response.ok) {
          throw (await import("./error-message")).errorFromResponse(
            response.status,
            error,
            response.headers,
            response.statusText,
            this.settings.secret,
          );
        }
        if (!o.stream) lifetime.dispose();
        return { response, lifetime, attempt, text: data as string | undefined };
      } catch (caught) {
        lifetime.dispose();
        await this.#retryWait(o, failureOf(caught, lifetime, this.settings.secret), attempt);
      }
    }
  }

  /** Waits before the next attempt, or throws `error` when it must not be retried. Logs one line either way. */
  #retryWait(o: Resolved, error: VlmChatError, attempt: number): Promise<void> {
    const delay = attempt < o.maxRetries ? retryDelay(error, attempt) : undefined;
    this.settings.logger?.warn?.(
      `${o.call.answer} attempt ${attempt + 1} failed: ${error.message}${delay === undefined ? "" : `; retrying in ${delay | 0} ms`}`,
    );
    if (delay === undefined) throw error;
    return sleep(delay, o.signal);
  }

  #resolve(call: Call, options: RequestOptions, signal: AbortSignal | undefined, stream: boolean): Resolved {
    const settings = this.settings;
    const maxRetries = options.maxRetries ?? settings.maxRetries ?? DEFAULT_MAX_RETRIES;
    // The key lets the server recognise a retried POST; with no retries it is sent only when given.
    const id = call.poll && (options.idempotencyKey ?? (maxRetries > 0 ? randomId() : undefined));
    const key = id ? { "Idempotency-Key": id } : undefined;
    return {
      call,
      stream,
      signal,
      timeout: options.timeout ?? settings.timeout ?? DEFAULT_TIMEOUT_MS,
      idleTimeout: options.idleTimeout ?? settings.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS,
      maxRetries,
      headers: options.headers ? Object.assign({}, key, options.headers) : (key ?? {}),
    };
  }
}

function randomId(): string {
  // randomUUID exists only in secure contexts; an idempotency key needs uniqueness, not a UUID's form.
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}
