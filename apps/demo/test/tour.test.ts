import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockServer } from "@vlmchat/mock-server";
import { describe, expect, it } from "vitest";
import { DemoError } from "../src/errors";
import { runTour } from "../src/tour/run-tour";
import { runDemo } from "./run-demo";

const ANSI = String.fromCharCode(27);

describe.concurrent("pnpm demo (the tour)", { timeout: 60_000 }, () => {
  it("runs the five steps against the embedded mock and exits 0, in plain text when not on a terminal", async () => {
    const outDir = mkdtempSync(join(tmpdir(), "vlmchat-tour-out-"));
    const run = await runDemo(["--latency", "1", "--out", outDir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(ANSI);
    // Answers are word-wrapped to the terminal's width: compare with the line breaks folded.
    const out = run.stdout.replace(/\n\s+(?=\S)/g, (gap) => (/^\n {9}/.test(gap) ? " " : gap));
    expect(out).toMatch(/against the embedded mock server at http:\/\/127\.0\.0\.1:\d+\/v1\/openai/);
    // 1: the picture's answer, streamed, with its session.
    expect(out).toContain("1. Ask about a picture");
    expect(out).toMatch(/image \(image\/png, 10626 bytes, 192×128 pixels/);
    expect(out).toMatch(/✓ streamed \d+ characters; the server opened session/);
    // 2: the follow-up is answered on the same session, and the answer recalls the first turn.
    expect(out).toContain("2. Follow up in the same session");
    expect(out).toMatch(/This session has 1 earlier turn/);
    expect(out).toContain("✓ same session");
    const sessions = [...out.matchAll(/session ([0-9a-f-]{36})/g)].map((match) => match[1]);
    expect(new Set(sessions).size).toBe(1);
    // 3: the receipt as a validated object.
    expect(out).toContain("3. Extract a receipt as typed JSON");
    expect(out).toMatch(/"merchant": ".*",\n\s+"date"/);
    expect(out).toMatch(/✓ valid Receipt: \d+ item\(s\)/);
    // 4: the 422 as path: message lines, and the client's check agreeing.
    expect(out).toContain("422 Unprocessable Entity");
    expect(out).toMatch(/• messages\[0\]: Input tag 'robot' found using 'role'/);
    expect(out).toContain("• temperature: Input should be less than or equal to 2");
    expect(out).toContain("• toolsets[0]: Input should be 'core', 'document', 'image'");
    expect(out).toContain("finds the same 3 problems before sending anything");
    // 5: an upload asked about by file_id, then an image made, fetched and saved into --out.
    expect(out).toContain("5. Upload a file, get an image back");
    const fileId = /✓ uploaded receipt\.pdf as (\S+) \(1\.7 KB\)/.exec(out)?.[1];
    expect(fileId).toBeDefined();
    expect(out).toContain(`named receipt.pdf, file id ${fileId}`);
    const saved = /✓ saved (img_\w{6}) \(image\/png, \d+ B\) to (\S+)/.exec(out);
    expect(saved?.[2]).toBe(join(outDir, `${saved?.[1]}.png`));
    expect([...readFileSync(saved?.[2] as string).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(out).toContain(`artifacts folder: ${outDir}`);
    rmSync(outDir, { recursive: true, force: true });
    expect(out).toContain("✓ Tour complete: all 5 steps went as expected.");
  });

  it("with VLMRUN_API_KEY and --base-url, runs against that API with the key (a mock requiring a token stands in)", async () => {
    const api = await startMockServer({ db: ":memory:", token: "sk-demo-test" });
    try {
      const outDir = mkdtempSync(join(tmpdir(), "vlmchat-tour-out-"));
      const run = await runDemo(["--base-url", api.baseURL, "--out", outDir], {
        env: { VLMRUN_API_KEY: "sk-demo-test" },
      });
      rmSync(outDir, { recursive: true, force: true });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`against VLM Run's API at ${api.baseURL} (key from VLMRUN_API_KEY)`);
      expect(run.stdout).toContain("✓ Tour complete");
      expect(run.stdout + run.stderr).not.toContain("sk-demo-test");
    } finally {
      await api.close();
    }
  });

  it("fails with a clear message and a non-zero code when the API refuses the key", async () => {
    const api = await startMockServer({ db: ":memory:", token: "the-right-key" });
    try {
      const run = await runDemo(["--base-url", api.baseURL], { env: { VLMRUN_API_KEY: "a-wrong-key" } });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("✗ the API refused the key (401): check VLMRUN_API_KEY");
      expect(run.stderr).toContain("tour failed: 5 of 5 steps did not go as expected");
      expect(run.stderr).not.toContain("    at ");
    } finally {
      await api.close();
    }
  });

  it.each([
    { args: ["--bogus"], want: "Unknown option '--bogus'" },
    { args: ["extra"], want: "Unexpected argument 'extra'" },
  ])("rejects $args in one line before starting anything", async ({ args, want }) => {
    const error = await runTour(args).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DemoError);
    expect((error as DemoError).message.startsWith(want)).toBe(true);
    expect((error as DemoError).message).not.toContain("\n");
    expect((error as DemoError).exitCode).toBe(2);
  });
});
