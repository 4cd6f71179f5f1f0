import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/sessions/sqlite-store";
import { runCli } from "../helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "vlmchat-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The README's promise: with --db, a turn is committed before its answer is sent, so a server killed
 * with SIGKILL in the middle of a load loses no turn it answered. Concurrent writers run until the
 * kill; every turn a writer got an answer for must be in the file afterwards, and the restarted server
 * must count it.
 */
describe("--db under SIGKILL", () => {
  it("loses no answered turn", async () => {
    const db = join(dir, "sessions.db");
    const cli = await runCli(["--db", db, "--log", "silent"]);
    const answered: { session: string; text: string }[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const session = `writer-${w}-${i % 5}`;
        const text = `writer ${w} turn ${i}`;
        try {
          const response = await fetch(`${cli.baseURL}/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ session_id: session, messages: [{ role: "user", content: text }] }),
          });
          await response.json();
          if (response.status === 200) answered.push({ session, text });
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 50 }, (_, w) => writer(w));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    cli.child.kill("SIGKILL");
    stop = true;
    await Promise.all(writers);
    if (cli.child.exitCode === null && cli.child.signalCode === null) await once(cli.child, "exit");
    expect(answered.length).toBeGreaterThan(100);

    const store = await openSqliteStore(db);
    const stored = new Set<string>();
    try {
      for (const session of new Set(answered.map((turn) => turn.session))) {
        for (const turn of store.turns(session)) stored.add(`${session}\u0000${turn.userText}`);
      }
    } finally {
      store.close();
    }
    const lost = answered.filter((turn) => !stored.has(`${turn.session}\u0000${turn.text}`));
    expect(lost).toEqual([]);

    const restarted = await runCli(["--db", db, "--log", "silent"]);
    try {
      const [first] = answered;
      const count = answered.filter((turn) => turn.session === first?.session).length;
      const response = await fetch(`${restarted.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ session_id: first?.session, messages: [{ role: "user", content: "after" }] }),
      });
      const completion = (await response.json()) as { choices: { message: { content: string } }[] };
      // At least the answered turns; a turn committed whose answer never arrived may count too.
      const earlier = Number(
        /This session has (\d+) earlier/.exec(completion.choices[0]?.message.content ?? "")?.[1],
      );
      expect(earlier).toBeGreaterThanOrEqual(count);
    } finally {
      await restarted.stop();
    }
  }, 60_000);
});
