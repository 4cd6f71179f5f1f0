/**
 * Runs before every test file: an unhandled promise rejection, a timer our code left behind, or a socket,
 * server or other handle still open once the file is done fails the file.
 *
 * The client unrefs its guard timers (they must not keep a process alive), and Node does not list unref'd
 * timers among active resources, so timers created from `src/` are tracked here by wrapping setTimeout.
 */
import { afterAll, beforeAll } from "vitest";

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
process.on("unhandledRejection", onRejection);

type Timer = ReturnType<typeof setTimeout>;
const liveTimers = new Map<Timer, string>();
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
const ourSources = "/packages/client/src/";

globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const stack = new Error().stack ?? "";
  if (!stack.includes(ourSources)) return realSetTimeout(callback, ms, ...args);
  const timer: Timer = realSetTimeout(
    (...callArgs: unknown[]) => {
      liveTimers.delete(timer);
      callback(...callArgs);
    },
    ms,
    ...args,
  );
  liveTimers.set(timer, stack.split("\n").slice(2, 5).join("\n"));
  return timer;
}) as typeof setTimeout;

globalThis.clearTimeout = ((timer?: Timer) => {
  if (timer !== undefined) liveTimers.delete(timer);
  realClearTimeout(timer);
}) as typeof clearTimeout;

let baseline: string[] = [];
beforeAll(() => {
  baseline = process.getActiveResourcesInfo();
});

function extraResources(): string[] {
  const remaining = [...baseline];
  const extra: string[] = [];
  for (const resource of process.getActiveResourcesInfo()) {
    const at = remaining.indexOf(resource);
    if (at === -1) extra.push(resource);
    else remaining.splice(at, 1);
  }
  return extra;
}

afterAll(async () => {
  // Closed sockets and servers leave the list a few ticks later; give them up to 3 s (the machine is shared).
  for (let wait = 0; wait < 150 && (extraResources().length > 0 || liveTimers.size > 0); wait++) {
    await new Promise((resolve) => realSetTimeout(resolve, 20));
  }
  process.off("unhandledRejection", onRejection);
  const problems: string[] = [];
  if (rejections.length > 0) problems.push(`unhandled rejections: ${rejections.map(String).join("; ")}`);
  if (liveTimers.size > 0) problems.push(`timers left by src/:\n${[...liveTimers.values()].join("\n---\n")}`);
  const extra = extraResources();
  if (extra.length > 0) problems.push(`handles left open: ${extra.join(", ")}`);
  if (problems.length > 0) throw new Error(`This test file leaks: ${problems.join("\n")}`);
});
