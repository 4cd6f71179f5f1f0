/**
 * Uploading streams the bytes: a 200 MiB file sent from a path to the mock server, which runs in a
 * child process (so its memory is not counted), grows this process's resident memory by less than
 * 64 MiB. A memory check, not a timed test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { open, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { VlmChat } from "../src/node";

const SIZE = 200 * 1024 * 1024;
const LIMIT = 64 * 1024 * 1024;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
// The mock's command-line entry, next to the module the package's source condition resolves to.
const CLI = fileURLToPath(new URL("./cli.ts", import.meta.resolve("@vlmchat/mock-server")));

let child: ChildProcess | undefined;
let baseURL = "";
const file = join(tmpdir(), `vlmchat-memory-${process.pid}.bin`);

beforeAll(async () => {
  // A sparse file: 200 MiB to read, no 200 MiB written first.
  const handle = await open(file, "w");
  await handle.truncate(SIZE);
  await handle.close();
  child = spawn(
    process.execPath,
    ["--conditions=@vlmchat/source", "--import", TSX, CLI, "--port", "0", "--upload-port", "0"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  baseURL = await new Promise<string>((resolve, reject) => {
    let printed = "";
    child?.stdout?.on("data", (data: Buffer) => {
      printed += data;
      const url = /(http:\/\/127\.0\.0\.1:\d+\/v1\/openai)/.exec(printed)?.[1];
      if (url) resolve(url);
    });
    child?.on("exit", (code) => reject(new Error(`the mock server exited (${code}): ${printed}`)));
  });
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await rm(file, { force: true });
});

it("a 200 MiB upload from a path grows the client's memory by less than 64 MiB", async () => {
  const client = new VlmChat({ baseURL, apiKey: null });
  // One small upload first: fetch's own start-up (its HTTP stack is loaded on first use) is not growth.
  await client.files.upload(new Uint8Array(1024));
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let loaded = 0;
  try {
    const uploaded = await client.files.upload(file, {
      onProgress: (progress) => {
        loaded = progress.loaded;
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    expect(uploaded.bytes).toBe(SIZE);
  } finally {
    clearInterval(sample);
  }
  expect(loaded).toBe(SIZE);
  const growth = peak - before;
  console.log(`rss growth during a 200 MiB upload: ${(growth / 1024 / 1024).toFixed(1)} MiB`);
  expect(growth).toBeLessThan(LIMIT);
}, 120_000);
