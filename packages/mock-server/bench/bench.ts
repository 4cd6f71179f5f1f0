/**
 * `pnpm --filter @vlmchat/mock-server bench`: requests/s and p99 latency of a small multimodal
 * non-streamed completion, with autocannon (10 connections, 10 s by default), against vlmchat-mock
 * (validation on, sessions persisted to a file), a bare node:http server returning a fixed body, and
 * Prism 5.14.2 mocking the same spec — in the same run, one after the other, all on loopback. Then the
 * streamed chunks/s of vlmchat-mock. Targets: ≥ 0.3× the bare server and ≥ 10× Prism.
 *
 * BENCH_DURATION (seconds) and BENCH_CONNECTIONS change the load; BENCH_STRICT=1 makes a missed
 * target fail the run.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { parse } from "yaml";
import { type BenchServer, startBare, startOurs, startPrism } from "./servers";

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PATH = "/v1/openai/chat/completions";

const spec = parse(
  readFileSync(fileURLToPath(new URL("../../../openapi/openapi.yaml", import.meta.url)), "utf8"),
) as {
  components: { examples: Record<string, { value: Record<string, unknown> }> };
};
/** The spec's own small multimodal request: a question and a 2×1 PNG as a data URL. */
const request = JSON.stringify(spec.components.examples.requestImageDataUrl?.value);
const streamed = JSON.stringify({
  ...spec.components.examples.requestImageDataUrl?.value,
  stream: true,
  stream_options: { include_usage: true },
});

interface Row {
  name: string;
  rps: number;
  p99: number;
  errors: number;
}

async function load(server: BenchServer, body: string): Promise<Result> {
  const check = await fetch(server.origin + PATH, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  if (!check.ok)
    throw new Error(
      `${server.name} answered ${check.status} to the benchmark request: ${await check.text()}`,
    );
  await check.text();
  // A short warm-up lets the JIT settle before the measured run.
  await autocannon({
    url: server.origin + PATH,
    connections,
    duration: Math.min(2, duration),
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return autocannon({
    url: server.origin + PATH,
    connections,
    duration,
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

async function measure(start: () => Promise<BenchServer>, body = request): Promise<Row & { result: Result }> {
  const server = await start();
  try {
    const result = await load(server, body);
    return {
      name: server.name,
      rps: result.requests.average,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx + result.timeouts,
      result,
    };
  } finally {
    await server.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), "vlmchat-bench-"));
try {
  console.log(
    `autocannon: ${connections} connections, ${duration} s per target, POST ${PATH} (requestImageDataUrl)\n`,
  );
  const bare = await measure(startBare);
  const ours = await measure(() => startOurs(join(dir, "sessions.db")));
  const prism = await measure(() => startPrism(40_000 + Math.floor(Math.random() * 20_000)));

  const rows = [ours, bare, prism];
  console.log("target              req/s      p99 (ms)   errors");
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(18)} ${row.rps.toFixed(0).padStart(7)}  ${String(row.p99).padStart(10)}   ${row.errors}`,
    );
  }
  const vsBare = ours.rps / bare.rps;
  const vsPrism = ours.rps / prism.rps;
  const okBare = vsBare >= 0.3;
  const okPrism = vsPrism >= 10;
  console.log(
    `\nvlmchat-mock / bare node:http = ${vsBare.toFixed(2)}×  (target ≥ 0.3×: ${okBare ? "met" : "MISSED"})`,
  );
  console.log(
    `vlmchat-mock / prism          = ${vsPrism.toFixed(1)}×  (target ≥ 10×: ${okPrism ? "met" : "MISSED"})`,
  );

  // Streamed: every response is a whole SSE stream; chunks per stream are fixed (the answer is deterministic).
  const probe = await startOurs(join(dir, "probe.db"));
  let chunksPerStream: number;
  try {
    const text = await (
      await fetch(probe.origin + PATH, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: streamed,
      })
    ).text();
    chunksPerStream = text.split("\n\n").filter((event) => event.startsWith("data: {")).length;
  } finally {
    await probe.stop();
  }
  const stream = await measure(() => startOurs(join(dir, "stream.db")), streamed);
  console.log(
    `\nstreamed: ${stream.rps.toFixed(0)} streams/s × ${chunksPerStream} chunks = ${(stream.rps * chunksPerStream).toFixed(0)} chunks/s (p99 ${stream.p99} ms per whole stream, errors ${stream.errors})`,
  );
  if (rows.some((row) => row.errors > 0) || stream.errors > 0) {
    console.log("\nsome requests failed: the figures above are not comparable");
    process.exitCode = 1;
  }
  if (process.env.BENCH_STRICT === "1" && !(okBare && okPrism)) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
