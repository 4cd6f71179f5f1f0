import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli";

/** The resident set of a process, from /proc (Linux, where these tests run). */
function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb * 1024;
}

/**
 * The README's memory promise: sessions in memory are bounded by bytes and keep a prefix of each text,
 * so 100 requests of 10 MB on distinct sessions (4 at a time) leave the server under 400 MB.
 */
describe("memory under large requests", () => {
  it("100 × 10 MB on distinct sessions leave the CLI under 400 MB RSS", async () => {
    const cli = await runCli(["--log", "silent"]);
    try {
      const body = JSON.stringify({
        messages: [{ role: "user", content: "ten megabytes ".repeat(750_000) }],
      });
      expect(body.length).toBeGreaterThan(10_000_000);
      let next = 0;
      const statuses: number[] = [];
      const worker = async () => {
        while (next < 100) {
          const i = next++;
          const response = await fetch(`${cli.baseURL}/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: body.replace('"messages"', `"session_id":"big-${i}","messages"`),
          });
          await response.arrayBuffer();
          statuses.push(response.status);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      expect(statuses.filter((status) => status === 200)).toHaveLength(100);
      const rss = rssBytes(cli.child.pid as number);
      console.log(`vlmchat-mock RSS after 100 × 10 MB: ${Math.round(rss / 1024 / 1024)} MB`);
      expect(rss, `RSS ${Math.round(rss / 1024 / 1024)} MB`).toBeLessThan(400 * 1024 * 1024);
    } finally {
      await cli.stop();
    }
  }, 120_000);
});
