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
  /** Sent as `Idempotency-Key` on every attempt of this request (default: a fresh UUID per POST). */
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
 * to build, more than all the rest of a call.
 */
export type SendInit = {
  fetch: (input: Request) => Promise<Response>;
  headers: Record<string, string | null | undefined>;
  parseAs: "stream";
};

/** One typed openapi-fetch call (the body is not read: `parseAs: "stream"`). */
export type Send = (init: SendInit) => Promise<{ response: Response; error?: unknown }>;
/** A GET of a poll URL, outside the spec's paths. */
export type SendPoll = (url: URL, init: SendInit) => Promise<{ response: Response; error?: unknown }>;

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

type Resolved = Required<Pick<RequestOptions, "timeout" | "idleTimeout" | "maxRetries" | "headers">> &
  Call & { signal?: AbortSignal | undefined };

/** Retries, timeouts, 303 polling and error mapping around openapi-fetch calls. */
export class Transport {
  readonly settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.settings = settings;
  }

  /** Sends until a success (retrying as allowed), and reads, parses and (optionally) validates the JSON answer. */
  async json<T>(call: Call, options: RequestOptions = {}): Promise<T> {
    const { response, text } = await this.#attempts(this.#resolve(call, options), 0);
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
    const o = this.#resolve({ ...call, stream: true }, { ...options, signal });
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
        let { response, error } = await lifetime.race(
          o.send({ fetch: lifetime.fetch(this.settings.fetch), headers: o.headers, parseAs: "stream" }),
        );
        const status = response.status;
        if (o.poll && (status === 202 || status === 204 || status === 303)) {
          // Only long requests get here: loaded on first use.
          const { pollUntilReady } = await import("./poll");
          ({ response, error } = await pollUntilReady(
            response,
            o.poll,
            o.headers,
            lifetime,
            this.settings,
            o.answer,
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
        if (o.stream) return { response, lifetime, attempt };
        const text = await lifetime.race(response.text());
        lifetime.dispose();
        return { response, lifetime, attempt, text };
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
      `${o.answer} attempt ${attempt + 1} failed: ${error.message}${delay === undefined ? "" : `; retrying in ${delay | 0} ms`}`,
    );
    if (delay === undefined) throw error;
    return sleep(delay, o.signal);
  }

  #resolve(call: Call, options: RequestOptions): Resolved {
    const settings = this.settings;
    return {
      ...call,
      signal: options.signal,
      timeout: options.timeout ?? settings.timeout ?? DEFAULT_TIMEOUT_MS,
      idleTimeout: options.idleTimeout ?? settings.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS,
      maxRetries: options.maxRetries ?? settings.maxRetries ?? DEFAULT_MAX_RETRIES,
      headers: call.poll
        ? { "Idempotency-Key": options.idempotencyKey ?? randomId(), ...options.headers }
        : (options.headers ?? {}),
    };
  }
}

function randomId(): string {
  const crypto = globalThis.crypto;
  // randomUUID exists only in secure contexts; an idempotency key needs uniqueness, not a UUID's form.
  return (
    crypto.randomUUID?.() ??
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16)).join("")
  );
}
