import { APIConnectionError, APITimeoutError, APIUserAbortError, redact, VlmChatError } from "./errors";

type Timer = ReturnType<typeof setTimeout>;

const noop = () => {};
// setTimeout overflows past 2^31 - 1 ms (about 24.8 days) and fires at once.
const LONGEST_TIMER = 2 ** 31 - 1;

/**
 * One attempt's lifetime: its AbortController, aborted by the caller's signal, by the total timeout
 * (which runs until the body or stream is fully read, polling included), or by the idle timeout between
 * received bytes of a stream. `signal.reason` says which.
 *
 * One timer serves both timeouts and is re-armed lazily: reads only stamp the time. It is unref'd in
 * Node: a guard against hangs must not keep a process alive by itself (an open socket does, and then
 * the timer fires as usual).
 */
export class RequestLifetime {
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly #userSignal: AbortSignal | undefined;
  readonly #timeoutMs: number;
  #deadline: number;
  #idleMs = 0;
  #lastRead = 0;
  #timer: Timer | undefined;

  constructor(timeoutMs: number, userSignal?: AbortSignal) {
    this.#userSignal = userSignal;
    this.#timeoutMs = timeoutMs;
    this.#deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    if (userSignal?.aborted) this.#onUserAbort();
    else userSignal?.addEventListener("abort", this.#onUserAbort);
    this.#arm();
  }

  abort(reason: Error): void {
    if (!this.signal.aborted) this.controller.abort(reason);
    this.dispose();
  }

  /** Starts the idle timeout: `touch()` on every read; `idleMs` without one aborts. */
  startIdle(idleMs: number): void {
    if (idleMs > 0 && !this.signal.aborted) {
      this.#idleMs = idleMs;
      this.#lastRead = Date.now();
      clearTimeout(this.#timer);
      this.#arm();
    }
  }

  /** `custom` (or the global fetch, looked up at call time), called with this attempt's signal. */
  fetch(
    custom?: (input: Request, init?: RequestInit) => Promise<Response>,
  ): (input: Request) => Promise<Response> {
    return (input) => (custom ?? fetch)(input, { signal: this.signal });
  }

  touch(): void {
    this.#lastRead = Date.now();
  }

  /** `promise`, or this attempt's abort reason as soon as it is aborted (a custom fetch may ignore the signal). */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.signal;
    promise.catch(noop);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortReason(signal));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /** Clears the timer and the listener; the controller stays as it is. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#deadline = Number.POSITIVE_INFINITY;
    this.#idleMs = 0;
    this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }

  /** Sets the timer for the nearer of the two deadlines, or aborts when one has passed. */
  #arm(): void {
    const now = Date.now();
    const idleAt = this.#idleMs ? this.#lastRead + this.#idleMs : Number.POSITIVE_INFINITY;
    const at = Math.min(this.#deadline, idleAt);
    if (at <= now) {
      this.abort(
        new APITimeoutError(
          at === idleAt
            ? `No data received for ${this.#idleMs} ms (idle timeout)`
            : `Request timed out after ${this.#timeoutMs} ms`,
        ),
      );
    } else if (at < Number.POSITIVE_INFINITY) {
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
  if (lifetime.signal.aborted) return abortReason(lifetime.signal);
  if (caught instanceof VlmChatError) return caught;
  const cause = (caught as { cause?: { message?: unknown } }).cause?.message;
  const text = `Connection error: ${(caught as Error).message ?? caught}${cause ? ` (${cause})` : ""}`;
  const clean = redact(text, secret);
  return new APIConnectionError(clean, clean === text ? { cause: caught } : undefined);
}
