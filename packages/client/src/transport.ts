import { readText } from "./body";
import type { Call, FetchLike, SendInit } from "./call";
import { errorFromResponse } from "./error-body";
import { APIError, ResponseTooLargeError, type VlmChatError } from "./errors";
import { failureOf, RequestLifetime, sleep } from "./lifetime";
import type { Logger } from "./log";
import { isNotReady, pollUntilReady } from "./poll";
import { retryDelay } from "./retry";
import { ChatCompletionStream } from "./stream";
import { chatChunks, type StreamAttempt } from "./streaming";
import type { ResponseSchemaName, ValidateOption } from "./validators";

/** Options of one request; each overrides the client's setting of the same name. */
export interface RequestOptions {
  /** Aborts the request, a backoff sleep or a poll wait included. */
  signal?: AbortSignal | undefined;
  /** Milliseconds for the whole request: connection, answer body or whole stream, and 303 polling. */
  timeout?: number | undefined;
  /** Milliseconds a stream may go without a byte. */
  idleTimeout?: number | undefined;
  /** Retries after a retryable failure (so `maxRetries + 1` attempts at most). */
  maxRetries?: number | undefined;
  /** Extra headers; `null` removes a default one. */
  headers?: Record<string, string | null | undefined> | undefined;
  /**
   * Sent as `Idempotency-Key` on every attempt of this request. Default: a fresh UUID per POST that may
   * be retried (`maxRetries` above 0); with no retries, or in a browser page, no key unless given.
   */
  idempotencyKey?: string | undefined;
}

/** The size limits of answers, in bytes (`maxEventSize`: characters). */
export interface Limits {
  /** The largest JSON answer read. */
  maxResponseSize: number;
  /** The most of an error answer's body that is read (the rest is left unread). */
  maxErrorBodySize: number;
  /** The largest server-sent event (or single line) of a stream. */
  maxEventSize: number;
}

/** The client's options that the transport reads (defaults applied per request), with the API root and key. */
export interface TransportSettings {
  timeout?: number | undefined;
  idleTimeout?: number | undefined;
  maxRetries?: number | undefined;
  logger?: Logger | undefined;
  validate?: ValidateOption | undefined;
  fetch?: FetchLike | undefined;
  limits: Limits;
  /** The API root the spec's paths hang from (see `apiRoot`). */
  root: string;
  /** Cut out of every error body and message. */
  secret: string | undefined;
  /** In a browser page: no header of our own (it would need the API's CORS preflight) unless asked for. */
  browser: boolean;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_IDLE_TIMEOUT_MS = 2 * 60 * 1000;
const DEFAULT_MAX_RETRIES = 2;

/** A JSON answer with the HTTP response it came in. */
export interface Answer<T> {
  data: T;
  response: Response;
}

interface Attempt {
  response: Response;
  lifetime: RequestLifetime;
  attempt: number;
  /** The body, read within the attempt (so a body cut short is retried); not for streams. */
  text?: string | undefined;
}

/** A call with its options resolved. */
interface Resolved {
  call: Call;
  stream: boolean;
  signal: AbortSignal | undefined;
  timeout: number;
  idleTimeout: number;
  maxRetries: number;
  headers: Record<string, string | null | undefined>;
}

/** Retries, timeouts, 303 polling, size limits and error mapping around openapi-fetch calls. */
export class Transport {
  readonly settings: TransportSettings;

  constructor(settings: TransportSettings) {
    this.settings = settings;
  }

  /** Sends until a success (retrying as allowed), and reads, parses and (optionally) checks the JSON answer. */
  async json<T>(
    call: Call & { answer: ResponseSchemaName },
    options: RequestOptions = {},
  ): Promise<Answer<T>> {
    const { response, text } = await this.text(call, options);
    // Parsing and checking fail the same way every time: no retry past this point.
    let data: unknown;
    try {
      data = JSON.parse(text as string);
    } catch {
      throw new APIError(
        response.status,
        text,
        `The ${response.status} answer is not JSON`,
        response.headers,
      );
    }
    this.settings.validate?.response?.(call.answer, data);
    return { data: data as T, response };
  }

  /** Sends until a success (retrying as allowed) and reads the answer's text, within `maxResponseSize`. */
  async text(call: Call, options: RequestOptions = {}): Promise<{ response: Response; text: string }> {
    const { response, text } = await this.#attempts(this.#resolve(call, options, options.signal, false), 0);
    return { response, text: text as string };
  }

  /**
   * Sends until a success's headers arrive (retrying as allowed) and returns the answer with its body
   * unread and the attempt's lifetime still running: the caller reads the body and disposes of it.
   */
  async open(
    call: Call,
    options: RequestOptions = {},
  ): Promise<{ response: Response; lifetime: RequestLifetime; idleTimeout: number }> {
    const o = this.#resolve(call, options, options.signal, true);
    const { response, lifetime } = await this.#attempts(o, 0);
    return { response, lifetime, idleTimeout: o.idleTimeout };
  }

  /** Sends until the stream's headers arrive (retrying as allowed) and returns the stream, unread. */
  async stream(call: Call, options: RequestOptions = {}): Promise<ChatCompletionStream> {
    // The stream's abort() must reach every attempt and backoff sleep, later ones included.
    const aborter = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, aborter.signal]) : aborter.signal;
    const o = this.#resolve(call, options, signal, true);
    const checkResponse = this.settings.validate?.response;
    let current: Response | undefined;
    const attemptOf = (opened: Attempt): StreamAttempt => {
      current = opened.response;
      return {
        response: opened.response,
        lifetime: opened.lifetime,
        retry: (error) =>
          this.#retryWait(o, error, opened.attempt)
            .then(() => this.#attempts(o, opened.attempt + 1))
            .then(attemptOf),
      };
    };
    const first = attemptOf(await this.#attempts(o, 0));
    const chunkOptions = {
      idleTimeout: o.idleTimeout,
      maxEventSize: this.settings.limits.maxEventSize,
      check: checkResponse && ((chunk: unknown) => checkResponse("ChatCompletionChunk", chunk)),
      secret: this.settings.secret,
    };
    return new ChatCompletionStream(
      () => chatChunks(first, chunkOptions),
      (reason) => aborter.abort(reason),
      () => current,
    );
  }

  /** Attempts from `from` on until one answers with success (its body read, unless a stream); throws the last failure. */
  async #attempts(o: Resolved, from: number): Promise<Attempt> {
    const settings = this.settings;
    for (let attempt = from; ; attempt++) {
      const lifetime = new RequestLifetime(o.timeout, o.signal);
      try {
        const init: SendInit = {
          fetch: this.#fetch(lifetime),
          headers: o.headers,
          parseAs: "stream",
          lifetime,
          idleTimeout: o.idleTimeout,
        };
        let { response, data, error } = await lifetime.race(o.call.send(init));
        if (o.call.poll && isNotReady(response.status)) {
          ({ response, data, error } = await pollUntilReady(response, o.call.poll, init, lifetime, {
            root: settings.root,
            logger: settings.logger,
            label: o.call.answer,
          }));
        }
        if (!response.ok) {
          throw errorFromResponse(
            response.status,
            error,
            response.headers,
            response.statusText,
            settings.secret,
          );
        }
        let text: string | undefined;
        if (!o.stream) {
          const read = await lifetime.race(
            readText(data as ReadableStream<Uint8Array> | undefined, settings.limits.maxResponseSize),
          );
          if (read.cut) {
            throw new ResponseTooLargeError(
              response.status,
              undefined,
              `The answer is larger than maxResponseSize (${settings.limits.maxResponseSize} bytes)`,
              response.headers,
            );
          }
          text = read.text;
          lifetime.dispose();
        }
        settings.logger?.info?.(`${o.call.answer}: ${response.status} (attempt ${attempt + 1})`);
        return { response, lifetime, attempt, text };
      } catch (caught) {
        lifetime.dispose();
        await this.#retryWait(o, failureOf(caught, lifetime, settings.secret), attempt);
      }
    }
  }

  /**
   * The attempt's fetch: the custom or global one, given the attempt's signal, and guarded. A redirect
   * that left the API's origin is an error, not an answer. Of an error answer, at most `maxErrorBodySize`
   * bytes are read (openapi-fetch would read it whole).
   */
  #fetch(lifetime: RequestLifetime): (input: Request) => Promise<Response> {
    const send = lifetime.fetch(this.settings.fetch);
    const { root, limits } = this.settings;
    return async (input) => {
      const response = await send(input);
      if (response.redirected && new URL(response.url).origin !== new URL(root).origin) {
        response.body?.cancel().catch(() => {});
        throw new APIError(
          response.status,
          undefined,
          `The API redirected the request to another origin (${new URL(response.url).origin}): refused`,
          undefined,
        );
      }
      if (response.ok || isNotReady(response.status) || !response.body) return response;
      const { text, cut } = await readText(response.body, limits.maxErrorBodySize);
      const headers = new Headers(response.headers);
      headers.delete("content-length");
      return new Response(cut ? `${text}…` : text, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    };
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
    const id =
      call.poll && (options.idempotencyKey ?? (maxRetries > 0 && !settings.browser ? randomId() : undefined));
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
