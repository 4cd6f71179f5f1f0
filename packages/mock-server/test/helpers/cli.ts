import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** The base URL the CLI printed. */
  baseURL: string;
  stderr(): string;
  /** Sends a signal and waits for the exit code (at most 5 s, then kills). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `vlmchat-mock` from source, as the package README says, and waits for its URL line. */
export function runCli(args: string[], timeoutMs = 15_000): Promise<CliProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@vlmchat/source", "--import", "tsx", "src/cli.ts", ...args],
    {
      cwd: packageDir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`vlmchat-mock printed no URL within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      const line = stdout.split("\n", 1)[0];
      if (stdout.includes("\n") && line) {
        clearTimeout(timer);
        resolve({
          child,
          baseURL: line,
          stderr: () => stderr,
          async stop(signal = "SIGTERM") {
            child.kill(signal);
            const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
            const code = await exited;
            clearTimeout(killer);
            return code;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`vlmchat-mock exited with ${code} before printing its URL; stderr: ${stderr}`));
    });
  });
}

/** Runs the CLI to completion (for --help and bad arguments). */
export function runCliToExit(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["--conditions=@vlmchat/source", "--import", "tsx", "src/cli.ts", ...args],
    {
      cwd: packageDir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}
