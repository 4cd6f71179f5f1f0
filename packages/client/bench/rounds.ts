import { Bench, type Fn } from "tinybench";

/**
 * Runs the tasks in `rounds` short interleaved tinybench runs; gives each task's mean in every round, in
 * milliseconds. On a shared machine a slow stretch hits whichever task runs at that moment; rotating
 * the order each round spreads it over all of them, and the median round is the typical one.
 */
export async function roundMeans(
  tasks: Array<[name: string, fn: Fn]>,
  { rounds, iterations }: { rounds: number; iterations: number },
): Promise<Map<string, number[]>> {
  const means = new Map<string, number[]>(tasks.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time: 0,
      iterations,
      warmupIterations: round === 0 ? iterations : 0,
      warmupTime: 0,
    });
    // A different order each round, so no task always runs right after another's garbage.
    const order = tasks.map((_, i) => (i + round) % tasks.length);
    for (const i of order) {
      const [name, fn] = tasks[i] as [string, Fn];
      // With --expose-gc (the bench script sets it), each task starts on a clean heap rather than
      // paying for the garbage the task before it left.
      bench.add(name, fn, { beforeAll: () => (globalThis as { gc?: () => void }).gc?.() });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
      means.get(task.name)?.push(result.latency.mean);
    }
  }
  return means;
}

/**
 * Times short async calls one at a time, the tasks taking turns call by call (the order rotating each
 * time), so that whatever slows the machine for a while slows every task alike. Runs `repeats` blocks
 * of `calls` turns; gives each task's mean per call in every block, in milliseconds. Garbage collection
 * is charged to the call that triggers it, so a task that allocates more pays for it; callbacks a call
 * leaves queued after it resolved run between the clocks, charged to nobody.
 */
export async function interleavedCalls(
  tasks: Array<[name: string, fn: () => Promise<unknown>]>,
  { calls, repeats }: { calls: number; repeats: number },
): Promise<Map<string, number[]>> {
  const blocks = new Map<string, number[]>(tasks.map(([name]) => [name, []]));
  const fns = tasks.map(([, fn]) => fn);
  // Warm-up: every task reaches its optimised code before anything is timed.
  for (let i = 0; i < calls; i++) for (const fn of fns) await fn();
  for (let repeat = 0; repeat < repeats; repeat++) {
    const spent = fns.map(() => 0);
    for (let i = 0; i < calls; i++) {
      for (let k = 0; k < fns.length; k++) {
        const j = (i + k) % fns.length;
        const start = performance.now();
        await (fns[j] as () => Promise<unknown>)();
        spent[j] = (spent[j] as number) + performance.now() - start;
        // Work a call left queued runs now, between the clocks, rather than inside the next task's.
        await new Promise(setImmediate);
      }
    }
    for (const [j, [name]] of tasks.entries()) blocks.get(name)?.push((spent[j] as number) / calls);
  }
  return blocks;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
