import { Bench, type Fn } from "tinybench";

/**
 * Runs the tasks in `rounds` short interleaved tinybench runs and keeps each task's best mean. On a
 * shared machine a slow stretch hits whichever task runs at that moment; interleaving spreads it over
 * all of them (the order rotates each round), and the best round is the one least disturbed.
 */
export async function bestOfRounds(
  tasks: Array<[name: string, fn: Fn]>,
  { rounds, iterations }: { rounds: number; iterations: number },
): Promise<Map<string, number>> {
  const best = new Map<string, number>();
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
      best.set(task.name, Math.min(best.get(task.name) ?? Number.POSITIVE_INFINITY, result.latency.mean));
    }
  }
  return best;
}
