import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { SessionHistory } from "../engine/answer-text";
import type { TurnSummary } from "../engine/completion";

/** Bump when the tables change; a database from a newer version is refused rather than misread. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sessions (
  id         TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  turns      INTEGER NOT NULL,
  tokens     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
  session_id    TEXT    NOT NULL REFERENCES sessions(id),
  seq           INTEGER NOT NULL,
  completion_id TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  user_text     TEXT    NOT NULL,
  answer_text   TEXT    NOT NULL,
  tokens        INTEGER NOT NULL,
  PRIMARY KEY (session_id, seq)
);
`;

export interface StoredTurn {
  seq: number;
  completionId: string;
  createdAt: number;
  userText: string;
  answerText: string;
  tokens: number;
}

/** Conversations, kept in SQLite so that they survive a restart. */
export interface SessionStore {
  /**
   * Runs one turn atomically: `build` sees the session's history and returns the turn to append. The
   * read and the append happen in one immediate transaction, so concurrent turns on a session (from this
   * process or another one sharing the file) each see a distinct history and none is lost. When `build`
   * throws, nothing is written.
   */
  runTurn<T extends { turn: TurnSummary }>(sessionId: string, build: (history: SessionHistory) => T): T;
  turns(sessionId: string): StoredTurn[];
  close(): void;
}

interface SessionRow {
  turns: number;
  tokens: number;
}

export function openSessionStore(path: string): SessionStore {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (path !== ":memory:") db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `${path} holds sessions of a newer vlmchat mock server (schema ${version}); use another --db`,
    );
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);

  const getSession = db.prepare<[string], SessionRow>("SELECT turns, tokens FROM sessions WHERE id = ?");
  const getPrevious = db.prepare<[string, number], { user_text: string }>(
    "SELECT user_text FROM turns WHERE session_id = ? AND seq = ?",
  );
  const insertSession = db.prepare(
    "INSERT INTO sessions (id, created_at, updated_at, turns, tokens) VALUES (?, ?, ?, 1, ?)",
  );
  const updateSession = db.prepare(
    "UPDATE sessions SET updated_at = ?, turns = turns + 1, tokens = tokens + ? WHERE id = ?",
  );
  const insertTurn = db.prepare(
    "INSERT INTO turns (session_id, seq, completion_id, created_at, user_text, answer_text, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const listTurns = db.prepare<[string], Record<string, unknown>>(
    "SELECT seq, completion_id, created_at, user_text, answer_text, tokens FROM turns WHERE session_id = ? ORDER BY seq",
  );

  return {
    runTurn(sessionId, build) {
      const run = db.transaction(() => {
        const row = getSession.get(sessionId);
        const earlierTurns = row?.turns ?? 0;
        const history: SessionHistory = {
          sessionId,
          earlierTurns,
          earlierTokens: row?.tokens ?? 0,
          previousUserText:
            earlierTurns > 0 ? getPrevious.get(sessionId, earlierTurns)?.user_text : undefined,
        };
        const result = build(history);
        const { turn } = result;
        const now = Date.now();
        if (row) updateSession.run(now, turn.tokens, sessionId);
        else insertSession.run(sessionId, now, now, turn.tokens);
        insertTurn.run(
          sessionId,
          earlierTurns + 1,
          turn.completionId,
          now,
          turn.userText,
          turn.answerText,
          turn.tokens,
        );
        return result;
      });
      return run.immediate();
    },
    turns(sessionId) {
      return listTurns.all(sessionId).map((row) => ({
        seq: row.seq as number,
        completionId: row.completion_id as string,
        createdAt: row.created_at as number,
        userText: row.user_text as string,
        answerText: row.answer_text as string,
        tokens: row.tokens as number,
      }));
    },
    close() {
      if (db.open) db.close();
    },
  };
}
