/**
 * `pnpm --filter @vlmchat/mock-server bench` (second part): the event loop's delay of vlmchat-mock as
 * built while it answers the heaviest requests it accepts — `n` at its maximum (128) with a 5 MB text
 * body — 4 at a time, for BENCH_LOOP_REQUESTS requests (default 40). The server runs in a child process
 * that watches its own loop with `monitorEventLoopDelay` (from after a warm-up request) and reports
 * when told; the load comes from this process. Target: p99 ≤ 200 ms.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const total = Number(process.env.BENCH_LOOP_REQUESTS ?? 40);
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

const SERVER = `
const { monitorEventLoopDelay } = await import("node:perf_hooks");
const { startMockServer } = await import(${JSON.stringify(dist)});
const server = await startMockServer();
const histogram = monitorEventLoopDelay({ resolution: 10 });
console.log(server.baseURL);
process.stdin.setEncoding("utf8");
for await (const line of process.stdin) {
  if (line.startsWith("start")) { histogram.reset(); histogram.enable(); }
  if (line.startsWith("report")) {
    histogram.disable();
    console.log(JSON.stringify({ p50: histogram.percentile(50), p99: histogram.percentile(99), max: histogram.max }));
    await server.close();
    process.exit(0);
  }
}
`;

const child = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : []),
    "--input-type=module",
    "-e",
    SERVER,
  ],
  { stdio: ["pipe", "pipe", "inherit"] },
);
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const baseURL = String((await lines.next()).value);

const bodies = Array.from({ length: 4 }, (_, i) =>
  new TextEncoder().encode(
    JSON.stringify({
      n: 128,
      session_id: `loop-${i}`,
      messages: [{ role: "user", content: `Five megabytes, worker ${i}. ${"lorem ipsum ".repeat(437_000)}` }],
    }),
  ),
);
const send = async (body: Uint8Array<ArrayBuffer>) => {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  await response.arrayBuffer();
  return response.status;
};
await send(bodies[0] as Uint8Array<ArrayBuffer>); // warm-up, not measured
child.stdin.write("start\n");
const started = performance.now();
let next = 0;
let failed = 0;
await Promise.all(
  bodies.map(async (body) => {
    while (next < total) {
      next++;
      if ((await send(body)) !== 200) failed++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
child.stdin.write("report\n");
const report = JSON.parse(String((await lines.next()).value)) as { p50: number; p99: number; max: number };
await once(child, "exit");
const ms = (ns: number) => (ns / 1e6).toFixed(1);
const p99 = report.p99 / 1e6;
console.log(
  `\nevent loop delay of vlmchat-mock, ${total} requests of ${((bodies[0]?.length ?? 0) / 1e6).toFixed(1)} MB with n=128, 4 at a time (${seconds.toFixed(1)} s, ${failed} failed):`,
);
console.log(
  `  p50 ${ms(report.p50)} ms, p99 ${p99.toFixed(1)} ms, max ${ms(report.max)} ms  (target p99 ≤ 200 ms: ${p99 <= 200 ? "met" : "MISSED"})`,
);
if (failed > 0) process.exitCode = 1;
if (process.env.BENCH_STRICT === "1" && p99 > 200) process.exitCode = 1;
