import type { ChatCompletionChunk } from "@vlmchat/types";
import { readChunks, type StreamAttempt } from "./chunk-reader";
import {
  APIConnectionError,
  APIError,
  describeBody,
  errorFromResponse,
  redact,
  VlmChatError,
} from "./errors";
import { abortReason, RequestLifetime, sleep } from "./lifetime";
import { retryDelay } from "./retry";
import { ChatCompletionStream } from "./stream";

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
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface TransportSettings {
  timeout: number;
  idleTimeout: number;
  maxRetries: number;
  /** The API root the spec's paths hang from (see `apiRoot`). */
  root: string;
  /** Cut out of every error body and message. */
  secret: string | undefined;
  logger: Logger | undefined;
}

/** What one openapi-fetch call needs from the transport. */
export type SendInit = {
  signal: AbortSignal;
  headers: Record<string, string | null | undefined>;
  parseAs: "stream";
};

/** One typed openapi-fetch call (the body is not read: `parseAs: "stream"`). */
export type Send = (init: SendInit) => Promise<{ response: Response; error?: unknown }>;
/** A GET of a poll URL, outside the spec's paths. */
export type SendPoll = (url: URL, init: SendInit) => Promise<{ response: Response; error?: unknown }>;

interface Resolved {
  signal: AbortSignal | undefined;
  timeout: number;
  idleTimeout: number;
  maxRetries: number;
  headers: Record<string, string | null | undefined>;
  /** Follow a 303/202 "not ready yet" answer by polling (chat completions only). */
  poll: SendPoll | undefined;
  label: string;
}

interface Opened {
  response: Response;
  lifetime: RequestLifetime;
  attempt: number;
}

const noop = () => {};

/** Retries, timeouts, 303 polling and error mapping around openapi-fetch calls. */
export class Transport {
  readonly #settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.#settings = settings;
  }

  /** Sends until a success (retrying as allowed), reads the JSON answer and checks it with `check`. */
  async json<T>(label: string, send: Send, options: RequestOptions = {}, extra: Extra = {}): Promise<T> {
    const o = this.#resolve(label, options, extra);
    let from = 0;
    for (;;) {
      const { response, lifetime, attempt } = await this.#open(send, o, from);
      let text: string | undefined;
      let failure: VlmChatError | undefined;
      try {
        text = await lifetime.race(response.text());
      } catch (caught) {
        failure = this.#asError(caught, lifetime);
      } finally {
        lifetime.dispose();
      }
      if (failure === undefined) {
        // Parsing and checking fail the same way every time: no retry past this point.
        const value = parseJson(text as string, response);
        if (extra.check) await extra.check(value);
        return value as T;
      }
      const delay = attempt < o.maxRetries ? retryDelay(failure, attempt) : undefined;
      if (delay === undefined) throw failure;
      await this.#backoff(o, failure, attempt, delay);
      from = attempt + 1;
    }
  }

  /** Sends until the stream's headers arrive (retrying as allowed) and returns the stream, unread. */
  async stream(
    label: string,
    send: Send,
    options: RequestOptions = {},
    extra: Extra & { checkChunk?: (chunk: ChatCompletionChunk) => void } = {},
  ): Promise<ChatCompletionStream> {
    // The stream's abort() must reach every attempt and backoff sleep, later ones included.
    const call = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, call.signal]) : call.signal;
    const o = this.#resolve(label, { ...options, signal }, extra);
    let current: Response | undefined;
    const attemptOf = (opened: Opened): StreamAttempt => {
      current = opened.response;
      return {
        response: opened.response,
        lifetime: opened.lifetime,
        retry: (error) => {
          const delay = opened.attempt < o.maxRetries ? retryDelay(error, opened.attempt) : undefined;
          if (delay === undefined) return undefined;
          return this.#backoff(o, error, opened.attempt, delay)
            .then(() => this.#open(send, o, opened.attempt + 1))
            .then(attemptOf);
        },
      };
    };
    const first = attemptOf(await this.#open(send, o, 0));
    const readOptions = {
      idleTimeout: o.idleTimeout,
      check: extra.checkChunk,
      secret: this.#settings.secret,
    };
    return new ChatCompletionStream(
      (sink) => readChunks(first, readOptions, sink),
      (reason) => call.abort(reason),
      () => current,
    );
  }

  /** Attempts from `from` on until one answers with success headers; throws the last failure. */
  async #open(send: Send, o: Resolved, from: number): Promise<Opened> {
    for (let attempt = from; ; attempt++) {
      const lifetime = new RequestLifetime(o.timeout, o.signal);
      let failure: VlmChatError;
      try {
        const init: SendInit = { signal: lifetime.signal, headers: o.headers, parseAs: "stream" };
        let { response, error } = await lifetime.race(send(init));
        if (o.poll && (response.status === 202 || response.status === 204 || response.status === 303)) {
          // Rare (long requests only): loaded on first use.
          const { pollUntilReady } = await import("./poll");
          ({ response, error } = await pollUntilReady(
            response,
            o.poll,
            o.headers,
            lifetime,
            this.#settings,
            o.label,
          ));
        }
        if (!response.ok) {
          const { secret } = this.#settings;
          throw errorFromResponse(response.status, error, response.headers, response.statusText, secret);
        }
        this.#settings.logger?.debug?.(`${o.label} → ${response.status} (attempt ${attempt + 1})`);
        return { response, lifetime, attempt };
      } catch (caught) {
        lifetime.dispose();
        failure = this.#asError(caught, lifetime);
      }
      const delay = attempt < o.maxRetries ? retryDelay(failure, attempt) : undefined;
      if (delay === undefined) {
        this.#settings.logger?.debug?.(`${o.label} failed: ${failure.message}`);
        throw failure;
      }
      await this.#backoff(o, failure, attempt, delay);
    }
  }

  #backoff(o: Resolved, error: VlmChatError, attempt: number, delay: number): Promise<void> {
    this.#settings.logger?.warn?.(
      `${o.label} failed (${error.message}); retry ${attempt + 1} of ${o.maxRetries} in ${Math.round(delay)} ms`,
    );
    return sleep(delay, o.signal);
  }

  /** Anything a request threw, as one of our errors, the API key cut out. */
  #asError(caught: unknown, lifetime: RequestLifetime): VlmChatError {
    if (lifetime.signal.aborted) return abortReason(lifetime.signal);
    if (caught instanceof VlmChatError) return caught;
    const secret = this.#settings.secret;
    const text = describeCause(caught);
    // A credential inside the cause (e.g. a header value rejected by fetch) must not travel with the error.
    if (secret && text.includes(secret))
      return new APIConnectionError(`Connection error: ${redact(text, secret)}`);
    return new APIConnectionError(`Connection error: ${text}`, { cause: caught });
  }

  #resolve(label: string, options: RequestOptions, extra: Extra): Resolved {
    const settings = this.#settings;
    let headers = options.headers ?? {};
    if (extra.idempotent) {
      headers = { "Idempotency-Key": options.idempotencyKey ?? randomId(), ...headers };
    }
    return {
      signal: options.signal,
      timeout: options.timeout ?? settings.timeout,
      idleTimeout: options.idleTimeout ?? settings.idleTimeout,
      maxRetries: options.maxRetries ?? settings.maxRetries,
      headers,
      poll: extra.poll,
      label,
    };
  }
}

interface Extra {
  /** Checks the parsed answer (response validation); rejects to reject it. */
  check?: ((value: unknown) => Promise<void>) | undefined;
  /** Send an `Idempotency-Key` (POST). */
  idempotent?: boolean;
  /** Follow 303/202 by polling with this GET. */
  poll?: SendPoll;
}

function parseJson(text: string, response: Response): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new APIError(
      response.status,
      text,
      `The answer is not JSON: ${describeBody(text)}`,
      response.headers,
    );
  }
}

function describeCause(caught: unknown): string {
  if (!(caught instanceof Error)) return String(caught);
  const inner = caught.cause instanceof Error ? ` (${caught.cause.message})` : "";
  return `${caught.message}${inner}`;
}

function randomId(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  // randomUUID exists only in secure contexts; an idempotency key needs uniqueness, not a UUID.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
