/**
 * `pnpm --filter @vlmchat/mock-server bench`: requests/s and p99 latency of a small multimodal
 * non-streamed completion, with autocannon (10 connections, 10 s per target by default), against
 * vlmchat-mock as built (validation on; sessions in memory, and in a file with --db), a bare node:http
 * server returning a fixed body, and Prism 5.14.2 mocking the same spec (static, and dynamic with -d) —
 * in the same run, on loopback. Then the streamed chunks/s of vlmchat-mock. Targets, for both of ours:
 * ≥ 0.25× the bare server, ≥ 2× Prism static, ≥ 15× Prism dynamic.
 *
 * The servers run side by side and the load moves between them in rounds (each target gets its
 * 10 s as 5 slices of 2 s, in rotating order), so a burst of other work on a shared machine falls on
 * all of them alike instead of on whichever ran at that moment.
 *
 * BENCH_DURATION (seconds per target), BENCH_ROUNDS and BENCH_CONNECTIONS change the load;
 * BENCH_STRICT=1 makes a missed target fail the run.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { parse } from "yaml";
import { cpuMicros } from "./cpu-time";
import { type BenchServer, startBare, startOurs, startPrism } from "./servers";

const duration = Number(process.env.BENCH_DURATION ?? 10);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const slice = duration / rounds;
const PATH = "/v1/openai/chat/completions";

const spec = parse(
  readFileSync(fileURLToPath(new URL("../../../openapi/openapi.yaml", import.meta.url)), "utf8"),
) as {
  components: { examples: Record<string, { value: Record<string, unknown> }> };
};
/** The spec's own small multimodal request: a question and a 2×1 PNG as a data URL. */
const example = spec.components.examples.requestImageDataUrl?.value;
const request = JSON.stringify(example);
const streamed = JSON.stringify({ ...example, stream: true, stream_options: { include_usage: true } });

interface Tally {
  server: BenchServer;
  body: string;
  requests: number;
  seconds: number;
  errors: number;
  p99s: number[];
  cpu: number;
}

function fire(server: BenchServer, body: string, seconds: number): Promise<Result> {
  return autocannon({
    url: server.origin + PATH,
    connections,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

async function check(server: BenchServer, body: string): Promise<string> {
  const response = await fetch(server.origin + PATH, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${server.name} answered ${response.status} to the benchmark request: ${text}`);
  return text;
}

/** Runs every tally for `slice` seconds per round, `rounds` times, rotating who goes first. */
async function run(tallies: Tally[]): Promise<void> {
  for (const tally of tallies) {
    await check(tally.server, tally.body);
    await fire(tally.server, tally.body, Math.min(2, duration)); // JIT warm-up, not counted
  }
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < tallies.length; i++) {
      const tally = tallies[(round + i) % tallies.length] as Tally;
      const before = cpuMicros(tally.server.pid);
      const result = await fire(tally.server, tally.body, slice);
      const after = cpuMicros(tally.server.pid);
      tally.requests += result.requests.total;
      tally.seconds += result.duration;
      tally.errors += result.errors + result.non2xx + result.timeouts;
      tally.p99s.push(result.latency.p99);
      if (before !== undefined && after !== undefined) tally.cpu += after - before;
    }
  }
}

const tally = (server: BenchServer, body: string): Tally => ({
  server,
  body,
  requests: 0,
  seconds: 0,
  errors: 0,
  p99s: [],
  cpu: 0,
});
const rps = (t: Tally) => t.requests / t.seconds;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const dir = mkdtempSync(join(tmpdir(), "vlmchat-bench-"));
const servers: BenchServer[] = [];
try {
  console.log(
    `autocannon: ${connections} connections, ${duration} s per target (${rounds} rounds of ${slice} s), POST ${PATH} (requestImageDataUrl)\n`,
  );
  const memory = await startOurs();
  servers.push(memory);
  const file = await startOurs(join(dir, "sessions.db"));
  servers.push(file);
  const bare = await startBare();
  servers.push(bare);
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const prism = await startPrism(port, false);
  servers.push(prism);
  const prismDynamic = await startPrism(port + 1, true);
  servers.push(prismDynamic);

  const tallies = [memory, file, bare, prism, prismDynamic].map((server) => tally(server, request));
  await run(tallies);
  console.log("target              req/s   p99 ms (median of rounds)   server CPU µs/request   errors");
  for (const t of tallies) {
    const cpu = t.cpu > 0 ? (t.cpu / t.requests).toFixed(0) : "n/a";
    console.log(
      `${t.server.name.padEnd(18)} ${rps(t).toFixed(0).padStart(6)}   ${String(median(t.p99s)).padStart(8)}                    ${cpu.padStart(6)}             ${t.errors}`,
    );
  }
  const [, , floor, prismStatic, prismGenerated] = tallies as [Tally, Tally, Tally, Tally, Tally];
  let met = true;
  for (const mine of tallies.slice(0, 2) as Tally[]) {
    const ratios: [string, number, number][] = [
      ["bare node:http", rps(mine) / rps(floor), 0.25],
      ["prism static", rps(mine) / rps(prismStatic), 2],
      ["prism -d", rps(mine) / rps(prismGenerated), 15],
    ];
    console.log("");
    for (const [peer, ratio, target] of ratios) {
      met &&= ratio >= target;
      console.log(
        `${mine.server.name} / ${peer.padEnd(14)} = ${ratio.toFixed(2).padStart(6)}×  (target ≥ ${target}×: ${ratio >= target ? "met" : "MISSED"})`,
      );
    }
  }

  // Streamed: each response is a whole SSE stream of a fixed number of chunks (the answer is deterministic).
  const chunksPerStream = (await check(memory, streamed))
    .split("\n\n")
    .filter((event) => event.startsWith("data: {")).length;
  const stream = tally(memory, streamed);
  await run([stream]);
  console.log(
    `\nstreamed: ${rps(stream).toFixed(0)} streams/s × ${chunksPerStream} chunks = ${(rps(stream) * chunksPerStream).toFixed(0)} chunks/s (p99 ${median(stream.p99s)} ms per whole stream, errors ${stream.errors})`,
  );
  if (tallies.some((t) => t.errors > 0) || stream.errors > 0) {
    console.log("\nsome requests failed: the figures above are not comparable");
    process.exitCode = 1;
  }
  if (process.env.BENCH_STRICT === "1" && !met) process.exitCode = 1;
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(dir, { recursive: true, force: true });
}
