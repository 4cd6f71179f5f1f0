import { APIConnectionError, APITimeoutError, APIUserAbortError, VlmChatError } from "./errors";
import { redact } from "./redact";

type Timer = ReturnType<typeof setTimeout>;

// setTimeout overflows past 2^31 - 1 ms (about 24.8 days) and fires at once.
const LONGEST_TIMER = 2 ** 31 - 1;
const NEVER = Number.POSITIVE_INFINITY;

/**
 * One attempt's lifetime: aborted by the caller's signal, by the total timeout (which runs until the
 * body or stream is fully read, polling included), or by the idle timeout between received bytes of a
 * stream. `reason` says which.
 *
 * Cheap on purpose, since every attempt makes one: abort listeners are plain callbacks, and the
 * `AbortSignal` handed to fetch is only made if fetch reads it (making one costs several µs in Node; a
 * fetch answering from memory never pays it). One timer serves both timeouts and is re-armed lazily:
 * reads only stamp the time. It is unref'd in Node: a guard against hangs must not keep a process
 * alive by itself (an open socket does, and then the timer fires as usual).
 */
export class RequestLifetime {
  /** Why the attempt was aborted; `undefined` while it was not. */
  reason: Error | undefined;
  readonly #listeners: Array<(reason: Error) => void> = [];
  #controller: AbortController | undefined;
  readonly #userSignal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  #deadline: number;
  #idleMs = 0;
  #lastRead = 0;
  #timer: Timer | undefined;

  constructor(timeoutMs: number, userSignal?: AbortSignal) {
    this.#userSignal = userSignal;
    this.#timeoutMs = timeoutMs;
    this.#deadline = timeoutMs > 0 ? Date.now() + timeoutMs : NEVER;
    if (userSignal?.aborted) this.#onUserAbort();
    else userSignal?.addEventListener("abort", this.#onUserAbort);
    this.#arm();
  }

  /** An `AbortSignal` that follows this lifetime, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.reason) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  abort(reason: Error): void {
    if (this.reason) return;
    this.reason = reason;
    this.#controller?.abort(reason);
    this.dispose();
    for (const listener of this.#listeners.splice(0)) listener(reason);
  }

  /** Calls `listener` when the attempt is aborted (at once if it already was); returns its remover. */
  onAbort(listener: (reason: Error) => void): () => void {
    if (this.reason) listener(this.reason);
    else this.#listeners.push(listener);
    return () => {
      const at = this.#listeners.indexOf(listener);
      if (at !== -1) this.#listeners.splice(at, 1);
    };
  }

  /** Starts the idle timeout: `touch()` on every read; `idleMs` without one aborts. */
  startIdle(idleMs: number): void {
    if (idleMs > 0 && !this.reason) {
      this.#idleMs = idleMs;
      this.#lastRead = Date.now();
      clearTimeout(this.#timer);
      this.#arm();
    }
  }

  touch(): void {
    this.#lastRead = Date.now();
  }

  /** `custom` (or the global fetch, looked up at call time), given this attempt's signal should it want one. */
  fetch(
    custom?: (input: Request, init?: RequestInit) => Promise<Response>,
  ): (input: Request) => Promise<Response> {
    const lifetime = this;
    return (input) =>
      (custom ?? fetch)(input, {
        get signal() {
          return lifetime.signal;
        },
      });
  }

  /** `promise`, or this attempt's abort reason as soon as it is aborted (a custom fetch may ignore the signal). */
  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const remove = this.onAbort(reject);
      promise.then(
        (value) => {
          remove();
          resolve(value);
        },
        (error: unknown) => {
          remove();
          reject(error);
        },
      );
    });
  }

  /** Clears the timer and the caller's-signal listener; the abort state stays as it is. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#deadline = NEVER;
    this.#idleMs = 0;
    this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }

  /** Sets the timer for the nearer of the two deadlines, or aborts when one has passed. */
  #arm(): void {
    const now = Date.now();
    const idleAt = this.#idleMs ? this.#lastRead + this.#idleMs : NEVER;
    const at = Math.min(this.#deadline, idleAt);
    if (at <= now) {
      this.abort(
        new APITimeoutError(
          at === idleAt
            ? `No data received for ${this.#idleMs} ms (idle timeout)`
            : `Request timed out after ${this.#timeoutMs} ms`,
        ),
      );
    } else if (at < NEVER) {
      this.#timer = setTimeout(() => this.#arm(), Math.min(at - now, LONGEST_TIMER));
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  #onUserAbort = (): void => {
    this.abort(abortReason(this.#userSignal as AbortSignal));
  };
}

/** Waits `ms`; an abort of `signal` ends the wait at once with an `APIUserAbortError` (or the signal's own error). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The error an aborted signal stands for: our own timeout/abort errors as they are, anything else as a user abort. */
export function abortReason(signal: AbortSignal): Error {
  const reason = signal.reason;
  return reason instanceof APITimeoutError || reason instanceof APIUserAbortError
    ? reason
    : new APIUserAbortError("Request was aborted", { cause: reason });
}

/**
 * What an attempt threw, as one of our errors: the abort reason once the attempt was aborted, our own
 * errors as they are, anything else a lost connection, with the API key cut out of its message (a
 * credential inside the cause, e.g. a header value fetch refused, must not travel with the error).
 */
export function failureOf(
  caught: unknown,
  lifetime: RequestLifetime,
  secret: string | undefined,
): VlmChatError {
  if (lifetime.reason) return lifetime.reason;
  if (caught instanceof VlmChatError) return caught;
  const cause = (caught as { cause?: { message?: unknown } }).cause?.message;
  const text = `Connection error: ${(caught as Error).message ?? caught}${cause ? ` (${cause})` : ""}`;
  const clean = redact(text, secret);
  return new APIConnectionError(clean, clean === text ? { cause: caught } : undefined);
}
