import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChatCompletion } from "@vlmchat/types";
import { afterAll, describe, expect, it } from "vitest";
import { USAGE } from "../../src/cli-args";
import { Api } from "../helpers/api";
import { runCli, runCliToExit } from "../helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "vlmchat-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("vlmchat-mock", () => {
  it("prints its base URL, serves, logs requests to stderr, and exits 0 on SIGTERM", async () => {
    const cli = await runCli(["--port", "0", "--db", ":memory:", "--log", "json"]);
    expect(cli.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/openai$/);
    const api = new Api(cli.baseURL.replace(/\/v1\/openai$/, ""));
    expect((await api.request("GET", "/v1/health")).status).toBe(200);
    expect(await cli.stop("SIGTERM")).toBe(0);
    expect(cli.stderr()).toContain('"path":"/v1/health","status":200');
  });

  it("requires its --token, and exits 0 on SIGINT", async () => {
    const cli = await runCli(["--db", ":memory:", "--token", "secret", "--log", "silent"]);
    const api = new Api(cli.baseURL.replace(/\/v1\/openai$/, ""));
    expect((await api.request("GET", "/v1/openai/models")).status).toBe(401);
    expect(
      (await api.request("GET", "/v1/openai/models", { headers: { authorization: "Bearer secret" } })).status,
    ).toBe(200);
    expect(await cli.stop("SIGINT")).toBe(0);
  });

  it("keeps sessions in its --db file across a restart", async () => {
    const db = join(dir, "sessions.db");
    const first = await runCli(["--db", db, "--log", "silent"]);
    const one = await new Api(first.baseURL.replace(/\/v1\/openai$/, "")).complete({
      messages: [{ role: "user", content: "Remember me." }],
    });
    expect(await first.stop()).toBe(0);
    const second = await runCli(["--db", db, "--log", "silent"]);
    const two: ChatCompletion = await new Api(second.baseURL.replace(/\/v1\/openai$/, "")).complete({
      session_id: one.session_id,
      messages: [{ role: "user", content: "Do you?" }],
    });
    expect(two.choices[0]?.message.content).toContain(
      "This session has 1 earlier turn; the previous one said “Remember me.”.",
    );
    expect(await second.stop()).toBe(0);
  });

  it("keeps a turn answered 100 ms before it was killed with SIGKILL", async () => {
    const db = join(dir, "crash.db");
    const first = await runCli(["--db", db, "--log", "silent"]);
    const one = await new Api(first.baseURL.replace(/\/v1\/openai$/, "")).complete({
      messages: [{ role: "user", content: "Before the crash." }],
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await first.stop("SIGKILL")).toBeNull();
    const second = await runCli(["--db", db, "--log", "silent"]);
    const two = await new Api(second.baseURL.replace(/\/v1\/openai$/, "")).complete({
      session_id: one.session_id,
      messages: [{ role: "user", content: "After it." }],
    });
    expect(two.choices[0]?.message.content).toContain("the previous one said “Before the crash.”");
    expect(await second.stop()).toBe(0);
  });

  it("prints its usage for --help", async () => {
    const run = await runCliToExit(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(USAGE);
  });

  it("refuses a bad argument with a message and a non-zero exit", async () => {
    const run = await runCliToExit(["--port", "abc"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--port must be a whole number, got "abc"');
    expect(run.stdout).toBe("");
  });

  it("refuses an option the server rejects with a message and exit 1", async () => {
    const run = await runCliToExit(["--upstream", "ftp://x", "--db", ":memory:"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('upstream must be an http(s) URL, got "ftp://x"');
  });
});
