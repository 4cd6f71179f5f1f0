import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** A server under test, running in its own process so it never shares an event loop with the load. */
export interface BenchServer {
  name: string;
  origin: string;
  /** The server's process id, to read its CPU time. */
  pid: number | undefined;
  stop(): Promise<void>;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

/** Waits for the first line of stdout that `match` accepts. */
function firstLine(
  child: ChildProcess,
  match: (line: string) => string | undefined,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on("data", (chunk) => {
      buffer += chunk;
      for (const line of buffer.split("\n")) {
        const found = match(line);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
          return;
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
}

/**
 * vlmchat-mock as it ships: the built CLI (`pnpm bench` builds it and its dependencies first), with
 * validation on, sessions in memory or (with `db`) in a SQLite file. From source, tsx's transform (it
 * keeps function names by wrapping every closure) would cost a quarter more per request than the
 * shipped code.
 */
export async function startOurs(db?: string): Promise<BenchServer> {
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run pnpm build (pnpm bench does)`);
  const args = [cli, "--port", "0", "--log", "silent", ...(db ? ["--db", db] : [])];
  const child = spawn(process.execPath, args, {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseURL = await firstLine(child, (line) => (line.startsWith("http://") ? line : undefined), 30_000);
  const name = db ? "vlmchat-mock --db" : "vlmchat-mock memory";
  return { name, origin: new URL(baseURL).origin, pid: child.pid, stop: () => stop(child) };
}

const BARE = `
const http = require("node:http");
const body = JSON.stringify(${JSON.stringify({
  id: "chatcmpl-bare",
  object: "chat.completion",
  created: 1767225600,
  model: "vlmrun-orion-1:auto",
  choices: [{ index: 0, message: { role: "assistant", content: "A fixed answer." }, finish_reason: "stop" }],
  session_id: "bare",
})});
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => console.log("http://127.0.0.1:" + server.address().port));
`;

/** The floor: node:http answering a fixed body (it still reads the request body, as any server must). */
export async function startBare(): Promise<BenchServer> {
  const child = spawn(process.execPath, ["-e", BARE], { stdio: ["ignore", "pipe", "inherit"] });
  const origin = await firstLine(child, (line) => (line.startsWith("http://") ? line : undefined), 10_000);
  return { name: "bare node:http", origin, pid: child.pid, stop: () => stop(child) };
}

/**
 * Prism 5.14.2 mocking the same spec, on loopback, logging nothing (`-v silent`): static (the spec's
 * examples) or dynamic (`-d`, answers generated from the schemas). Ready when it answers the health check.
 */
export async function startPrism(port: number, dynamic: boolean): Promise<BenchServer> {
  const prism = fileURLToPath(new URL("../node_modules/@stoplight/prism-cli/dist/index.js", import.meta.url));
  const spec = fileURLToPath(new URL("../../../openapi/openapi.yaml", import.meta.url));
  const args = [
    prism,
    "mock",
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "-v",
    "silent",
    ...(dynamic ? ["-d"] : []),
  ];
  const child = spawn(process.execPath, [...args, spec], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const name = dynamic ? "prism 5.14.2 -d" : "prism 5.14.2";
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/v1/health`);
      if (response.ok) return { name, origin, pid: child.pid, stop: () => stop(child) };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop(child);
  throw new Error("prism did not come up within 90 s");
}
