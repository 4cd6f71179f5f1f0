import type { FaultSpec } from "./parse";

/** Keys remembered at most; the oldest is forgotten first, so a long run cannot grow the map forever. */
const MAX_KEYS = 10_000;

/**
 * Counts `fail-times` requests per `x-vlmchat-fault-key`: the first K with a key get the fault (an
 * error status, 500 unless the spec names another outcome), later ones get no fault at all.
 */
export class FailCounter {
  private readonly counts = new Map<string, number>();

  /** The fault this request gets: the spec itself, or undefined once its key has failed K times. */
  gate(spec: FaultSpec, key: string): FaultSpec | undefined {
    if (spec.failTimes === undefined) return spec;
    const failed = this.counts.get(key) ?? 0;
    if (failed >= spec.failTimes) return undefined;
    this.counts.delete(key);
    this.counts.set(key, failed + 1);
    if (this.counts.size > MAX_KEYS) {
      const oldest = this.counts.keys().next().value;
      if (oldest !== undefined) this.counts.delete(oldest);
    }
    return hasOutcome(spec) ? spec : { ...spec, status: 500 };
  }
}

function hasOutcome(spec: FaultSpec): boolean {
  return (
    spec.status !== undefined ||
    spec.reset !== undefined ||
    spec.resetAfter !== undefined ||
    spec.stallAfter !== undefined ||
    spec.errorAfter !== undefined ||
    spec.redirectPolls !== undefined
  );
}
