import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
// `--import tsx` resolves from the working directory; a test that runs elsewhere names the loader itself.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface DemoRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the demo as a user does (`node --conditions=@vlmchat/source --import tsx src/main.ts …`) in a
 * child process, without a terminal, without colour and without the caller's API key.
 */
export function runDemo(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<DemoRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...options.env };
  for (const name of [
    "VLMRUN_API_KEY",
    "VLMRUN_BASE_URL",
    "FORCE_COLOR",
    "INIT_CWD",
    "npm_lifecycle_event",
  ]) {
    if (!options.env?.[name]) delete env[name];
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=@vlmchat/source", "--import", TSX, MAIN, ...args], {
      cwd: options.cwd ?? fileURLToPath(new URL("..", import.meta.url)),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => (stdout += data));
    child.stderr.on("data", (data: Buffer) => (stderr += data));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 45_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
