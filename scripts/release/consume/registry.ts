import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { children } from "../run";

export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** A publish token for the registry's only user. */
  readonly token: string;
  /** `.npmrc` lines that send every install and publish to this registry, authenticated. */
  readonly npmrc: string;
  stop(): Promise<void>;
}

/**
 * Starts Verdaccio with its storage under `dir`, on 127.0.0.1 at a free port, with no uplinks: a package
 * that was not published to it is a 404, never a download from the internet.
 */
export async function startRegistry(dir: string, timeoutMs = 30_000): Promise<Registry> {
  mkdirSync(join(dir, "storage"), { recursive: true });
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(dir, "htpasswd"))}`,
      "    max_users: 1",
      "uplinks: {}",
      "packages:",
      '  "**":',
      "    access: $all",
      "    publish: $authenticated",
      "    unpublish: $authenticated",
      "max_body_size: 200mb",
      "web:",
      "  enable: false",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const server = fileURLToPath(new URL("verdaccio-server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), server, config], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.add(child);
  let log = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Verdaccio did not start in ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString("utf8");
      const match = /listening (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited (${code}) before listening:\n${log}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    }).finally(() => children.delete(child));
  try {
    const token = await addUser(url);
    const host = url.replace(/^http:/, "");
    return { url, token, npmrc: `registry=${url}\n${host}:_authToken=${token}\n`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Registers the registry's one user the way `npm adduser` does, and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = "vlmchat-release";
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name,
      password: "local-registry-only",
      email: "release@vlmchat.invalid",
      type: "user",
    }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token)
    throw new Error(`Verdaccio refused the user: ${response.status} ${body.error}`);
  return body.token;
}
