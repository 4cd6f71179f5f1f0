import { type ChildProcess, spawn } from "node:child_process";

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the command after this long; the publish-and-consume test must end, whatever happens. */
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

/** Every child started here, so an abort can end them all (by pid, never by name). */
export const children = new Set<ChildProcess>();

/** Runs a command without a shell and collects its output; rejects, with the output, when it fails. */
export async function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const result = await attempt(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(" ")}\` (in ${options.cwd}) exited ${result.code}:\n${result.output}`,
    );
  }
  return result.output;
}

/** Runs a command and returns its exit code and output, whatever the code. */
export function attempt(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const timer = setTimeout(() => {
      output += `\n[killed after ${options.timeoutMs} ms]`;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, output });
    });
  });
}
