import { APITimeoutError, APIUserAbortError } from "./errors";

type Timer = ReturnType<typeof setTimeout>;

const noop = () => {};

/**
 * Timers that only guard against hangs must not keep a Node process alive by themselves: a socket still
 * open keeps the event loop running, and then they fire as usual.
 */
function unref(timer: Timer): Timer {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/**
 * One attempt's lifetime: its AbortController, aborted by the caller's signal, by the total timeout
 * (which runs until the body or stream is fully read, polling included), or by the idle timeout between
 * received bytes of a stream. `signal.reason` says which.
 */
export class RequestLifetime {
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly #userSignal: AbortSignal | undefined;
  #total: Timer | undefined;
  #idle: Timer | undefined;
  #idleMs = 0;
  #lastActivity = 0;

  constructor(timeoutMs: number, userSignal?: AbortSignal) {
    this.#userSignal = userSignal;
    if (userSignal) {
      if (userSignal.aborted) this.#onUserAbort();
      else userSignal.addEventListener("abort", this.#onUserAbort);
    }
    if (timeoutMs > 0 && timeoutMs < 2 ** 31) {
      this.#total = unref(
        setTimeout(
          () => this.abort(new APITimeoutError(`Request timed out after ${timeoutMs} ms`)),
          timeoutMs,
        ),
      );
    }
  }

  abort(reason: Error): void {
    if (!this.signal.aborted) this.controller.abort(reason);
    this.dispose();
  }

  /** Starts the idle timeout: `touch()` on every read; `idleMs` without one aborts. */
  startIdle(idleMs: number): void {
    if (!(idleMs > 0 && idleMs < 2 ** 31) || this.signal.aborted) return;
    this.#idleMs = idleMs;
    this.#lastActivity = Date.now();
    this.#armIdle(idleMs);
  }

  /** `promise`, or this attempt's abort reason as soon as it is aborted (a custom fetch may ignore the signal). */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) {
      promise.catch(noop);
      return Promise.reject(abortReason(signal));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(abortReason(signal));
      signal.addEventListener("abort", onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener("abort", onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }

  touch(): void {
    this.#lastActivity = Date.now();
  }

  /** Clears every timer and listener; the controller stays as it is. */
  dispose(): void {
    if (this.#total !== undefined) clearTimeout(this.#total);
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#total = this.#idle = undefined;
    this.#idleMs = 0;
    this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }

  // One timer re-armed lazily instead of one per read: reads only stamp the time.
  #armIdle(ms: number): void {
    this.#idle = unref(
      setTimeout(() => {
        if (this.#idleMs === 0) return;
        const quiet = Date.now() - this.#lastActivity;
        if (quiet >= this.#idleMs) {
          this.abort(new APITimeoutError(`No data received for ${this.#idleMs} ms (idle timeout)`));
        } else {
          this.#armIdle(this.#idleMs - quiet);
        }
      }, ms),
    );
  }

  #onUserAbort = (): void => {
    const reason = this.#userSignal?.reason;
    this.abort(new APIUserAbortError("Request was aborted", { cause: reason }));
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
  if (reason instanceof APITimeoutError || reason instanceof APIUserAbortError) return reason;
  return new APIUserAbortError("Request was aborted", { cause: reason });
}
