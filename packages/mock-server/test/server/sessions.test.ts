import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChatCompletion } from "@vlmchat/types";
import { afterAll, describe, expect, it } from "vitest";
import type { TurnSummary } from "../../src/engine/completion";
import { startMockServer } from "../../src/index";
import { DEFAULT_SESSION_MEMORY } from "../../src/options";
import { createMemoryStore } from "../../src/sessions/memory-store";
import { loadSqliteDriver, openSqliteStore } from "../../src/sessions/sqlite-store";
import { STORED_TEXT_LIMIT } from "../../src/sessions/store";
import { Api } from "../helpers/api";
import { useMockServer } from "../helpers/server";

const dir = mkdtempSync(join(tmpdir(), "vlmchat-sessions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ask(
  api: Api,
  content: string,
  sessionId?: string,
  extra: Record<string, unknown> = {},
): Promise<ChatCompletion> {
  return api.complete({
    messages: [{ role: "user", content }],
    ...(sessionId ? { session_id: sessionId } : {}),
    ...extra,
  });
}

function text(completion: ChatCompletion): string {
  return completion.choices[0]?.message.content ?? "";
}

/** The number of earlier turns an answer reports. */
function earlierTurns(completion: ChatCompletion): number {
  const said = text(completion);
  if (said.startsWith("This is the first turn of the session.")) return 0;
  const match = /^This session has (\d+) earlier turns?/.exec(said);
  if (!match) throw new Error(`no turn count in ${said}`);
  return Number(match[1]);
}

describe("sessions", () => {
  const mock = useMockServer();

  it("creates a session when the request has none, and continues it when its id comes back", async () => {
    const first = await ask(mock.api, "My name is Ada.");
    expect(first.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(earlierTurns(first)).toBe(0);
    const second = await ask(mock.api, "What is my name?", first.session_id);
    expect(second.session_id).toBe(first.session_id);
    expect(text(second)).toContain(
      "This session has 1 earlier turn; the previous one said “My name is Ada.”.",
    );
    const third = await ask(mock.api, "And again?", first.session_id);
    expect(earlierTurns(third)).toBe(2);
    expect(third.usage?.prompt_tokens).toBeGreaterThan(second.usage?.prompt_tokens ?? Infinity);
  });

  it("starts an unknown session id as a new session under that id", async () => {
    const completion = await ask(mock.api, "Hello", "my-own-session-id");
    expect(completion.session_id).toBe("my-own-session-id");
    expect(earlierTurns(completion)).toBe(0);
  });

  it("gives every request without a session id its own session", async () => {
    const [a, b] = await Promise.all([ask(mock.api, "one"), ask(mock.api, "two")]);
    expect(a?.session_id).not.toBe(b?.session_id);
  });

  it("counts streamed turns too", async () => {
    const first = await ask(mock.api, "Start");
    const chunks = await mock.api.stream({
      session_id: first.session_id,
      messages: [{ role: "user", content: "Streamed" }],
    });
    expect(chunks.every((chunk) => chunk.session_id === first.session_id)).toBe(true);
    expect(earlierTurns(await ask(mock.api, "After", first.session_id))).toBe(2);
  });

  it("loses no turn when requests on one session run in parallel", async () => {
    const sessionId = "parallel-session";
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => ask(mock.api, `turn ${i}`, sessionId)),
    );
    expect(answers.map(earlierTurns).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(earlierTurns(await ask(mock.api, "last", sessionId))).toBe(24);
  });
});

describe("a session database file", () => {
  it("keeps a session's history across a restart", async () => {
    const db = join(dir, "restart.db");
    const before = await startMockServer({ db });
    const first = await ask(new Api(before.url), "Remember the number 7.");
    await ask(new Api(before.url), "And 8.", first.session_id);
    await before.close();

    const after = await startMockServer({ db });
    try {
      const third = await ask(new Api(after.url), "Which numbers?", first.session_id);
      expect(text(third)).toContain("This session has 2 earlier turns; the previous one said “And 8.”.");
    } finally {
      await after.close();
    }
  });

  it("refuses a second server on a file another server holds, saying why", async () => {
    const db = join(dir, "held.db");
    const first = await startMockServer({ db });
    try {
      await expect(startMockServer({ db })).rejects.toThrow(
        `${db} is in use by another vlmchat mock server; give each server its own --db`,
      );
    } finally {
      await first.close();
    }
    const second = await startMockServer({ db });
    await second.close();
  });

  it("records every turn of a parallel burst in the file, numbered without gaps", async () => {
    const db = join(dir, "burst.db");
    const server = await startMockServer({ db });
    try {
      const api = new Api(server.url);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => ask(api, `turn ${i}`, "burst-session")),
      );
      expect(answers.map(earlierTurns).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    } finally {
      await server.close();
    }
    const store = await openSqliteStore(db);
    try {
      const turns = store.turns("burst-session");
      expect(turns.map((turn) => turn.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(turns.map((turn) => turn.userText)).size).toBe(20);
    } finally {
      store.close();
    }
  });

  it("creates the database's directory", async () => {
    const db = join(dir, "nested", "deeper", "sessions.db");
    const server = await startMockServer({ db });
    await ask(new Api(server.url), "hi");
    await server.close();
    expect(existsSync(db)).toBe(true);
  });
});

describe("a script that only starts and closes a server on a file", () => {
  it("runs to its end: the open database neither ends the process early nor keeps it alive", () => {
    const db = join(dir, "script.db");
    const printed = execFileSync(
      process.execPath,
      [
        "--conditions=@vlmchat/source",
        "--import",
        "tsx",
        "--input-type=module",
        "--eval",
        `import { startMockServer } from "@vlmchat/mock-server";
         const server = await startMockServer({ db: ${JSON.stringify(db)} });
         console.log("started");
         await server.close();
         console.log("closed");`,
      ],
      { cwd: fileURLToPath(new URL("../..", import.meta.url)), encoding: "utf8", timeout: 20_000 },
    );
    expect(printed).toBe("started\nclosed\n");
  });
});

describe("sessions in memory (the default)", () => {
  const turn = (userText: string): { turn: TurnSummary } => ({
    turn: { completionId: "chatcmpl-x", userText, answerText: "an answer", tokens: 10 },
  });

  it("keep a stored prefix of each text, not the whole of a large message", () => {
    const store = createMemoryStore(DEFAULT_SESSION_MEMORY);
    store.runTurn("s", () => turn(`  ${"x".repeat(10 * 1024 * 1024)}`));
    const [stored] = store.turns("s");
    expect(stored?.userText).toBe("x".repeat(STORED_TEXT_LIMIT));
  });

  it("are bounded by bytes: the least recently used sessions are forgotten first", () => {
    const store = createMemoryStore(100_000);
    for (let i = 0; i < 1000; i++) store.runTurn(`s${i}`, () => turn("y".repeat(STORED_TEXT_LIMIT)));
    const kept = Array.from({ length: 1000 }, (_, i) => store.turns(`s${i}`).length).filter(Boolean);
    // Each turn counts about 2 KiB of UTF-16 plus its record: some 40 fit in 100 kB, the newest ones.
    expect(kept.length).toBeGreaterThan(30);
    expect(kept.length).toBeLessThan(50);
    expect(store.turns("s999")).toHaveLength(1);
    expect(store.turns("s0")).toHaveLength(0);
  });

  it("keep a session's count even when its own records pass the budget", () => {
    const store = createMemoryStore(10_000);
    let earlier = -1;
    for (let i = 0; i < 50; i++) {
      store.runTurn("long", (history) => {
        earlier = history.earlierTurns;
        return turn("z".repeat(STORED_TEXT_LIMIT));
      });
    }
    expect(earlier).toBe(49);
    expect(store.turns("long").length).toBeLessThan(50);
  });

  it("start each server empty: two servers never share sessions", async () => {
    const a = await startMockServer();
    const b = await startMockServer();
    try {
      const first = await ask(new Api(a.url), "Only on a.");
      const onB = await ask(new Api(b.url), "Here?", first.session_id);
      expect(earlierTurns(onB)).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("the SQLite driver", () => {
  it("when it is missing, the error names the package to install", async () => {
    // Uninstalling better-sqlite3 from this workspace is not possible within a test: the loader gets an
    // import that fails the way Node's does when the package is absent.
    const missing = Object.assign(new Error("Cannot find package 'better-sqlite3'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    await expect(loadSqliteDriver(() => Promise.reject(missing))).rejects.toThrow(
      /need the SQLite driver better-sqlite3: install it next to @vlmchat\/mock-server \(npm install --save-dev better-sqlite3@12\)/,
    );
  });

  it("is an optional peer dependency: installing the mock compiles nothing", async () => {
    const manifest = (await import("../../package.json", { with: { type: "json" } })).default as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(manifest.dependencies["better-sqlite3"]).toBeUndefined();
    expect(manifest.peerDependencies["better-sqlite3"]).toBe("^12.0.0");
    expect(manifest.peerDependenciesMeta["better-sqlite3"]?.optional).toBe(true);
  });
});
