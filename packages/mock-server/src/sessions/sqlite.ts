import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** Bump when the tables change; a database from a newer version is refused rather than misread. */
const SCHEMA_VERSION = 2;

/**
 * One table: a session is its turns. WITHOUT ROWID keeps the rows in one B-tree ordered by
 * (session_id, seq), so appending a turn is one insert and reading a session's last turn is one seek.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS turns (
  session_id    TEXT    NOT NULL,
  seq           INTEGER NOT NULL,
  completion_id TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  user_text     TEXT    NOT NULL,
  answer_text   TEXT    NOT NULL,
  tokens        INTEGER NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
`;

/** Schema 1 (development builds only) had a sessions table and a rowid table of turns. */
const MIGRATE_FROM_1 = `
ALTER TABLE turns RENAME TO turns_v1;
${SCHEMA}
INSERT INTO turns SELECT session_id, seq, completion_id, created_at, user_text, answer_text, tokens FROM turns_v1;
DROP TABLE turns_v1;
DROP TABLE IF EXISTS sessions;
`;

/** One turn as stored (plain data: it crosses to the database thread). */
export interface TurnRow {
  sessionId: string;
  seq: number;
  completionId: string;
  createdAt: number;
  userText: string;
  answerText: string;
  tokens: number;
}

export type StoredTurn = Omit<TurnRow, "sessionId">;

/** What a session holds, as far as the next turn needs to know. */
export interface SessionSnapshot {
  turns: number;
  tokens: number;
  lastUserText: string | undefined;
}

/** The operations on the session file, wherever they run (this thread or the database thread). */
export interface SessionDatabase {
  /** Appends turns in one transaction. */
  write(rows: TurnRow[]): void;
  read(sessionId: string): SessionSnapshot;
  list(sessionId: string): StoredTurn[];
  close(): Promise<void>;
}

/** The message of a database another server holds. */
export function heldMessage(path: string): string {
  return `${path} is in use by another vlmchat mock server; give each server its own --db (or :memory:)`;
}

/**
 * Opens (or creates) the database in the calling thread. A file belongs to one server alone: SQLite's
 * exclusive locking mode (with a WAL journal) makes a second server on the same file fail here, at
 * start, with a message. `synchronous = OFF` hands commits to the OS without waiting for the disk:
 * history survives a crash of the server, not a power cut — the right trade for a mock.
 */
export function openSqlite(path: string): SessionDatabase {
  const inMemory = path === ":memory:" || path === "";
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma("busy_timeout = 1000");
    if (!inMemory) {
      db.pragma("locking_mode = EXCLUSIVE");
      db.pragma("journal_mode = WAL");
    }
    db.pragma("synchronous = OFF");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${path} holds sessions of a newer vlmchat mock server (schema ${version}); use another --db`,
      );
    }
    // Writing at once takes the exclusive lock now, so a second server fails here, not on a request.
    if (version === 1) db.transaction(() => db.exec(MIGRATE_FROM_1))();
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") throw new Error(heldMessage(path));
    throw error;
  }

  const getSession = db.prepare<[string], { turns: number | null; tokens: number | null }>(
    "SELECT MAX(seq) AS turns, SUM(tokens) AS tokens FROM turns WHERE session_id = ?",
  );
  const getTurnText = db.prepare<[string, number], { user_text: string }>(
    "SELECT user_text FROM turns WHERE session_id = ? AND seq = ?",
  );
  const insertTurn = db.prepare(
    "INSERT INTO turns (session_id, seq, completion_id, created_at, user_text, answer_text, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const listTurns = db.prepare<[string], Record<string, unknown>>(
    "SELECT seq, completion_id, created_at, user_text, answer_text, tokens FROM turns WHERE session_id = ? ORDER BY seq",
  );
  const writeAll = db.transaction((rows: TurnRow[]) => {
    for (const row of rows) {
      insertTurn.run(
        row.sessionId,
        row.seq,
        row.completionId,
        row.createdAt,
        row.userText,
        row.answerText,
        row.tokens,
      );
    }
  });

  return {
    write(rows) {
      if (rows.length > 0) writeAll(rows);
    },
    read(sessionId) {
      const row = getSession.get(sessionId);
      const turns = row?.turns ?? 0;
      return {
        turns,
        tokens: row?.tokens ?? 0,
        lastUserText: turns > 0 ? getTurnText.get(sessionId, turns)?.user_text : undefined,
      };
    },
    list(sessionId) {
      return listTurns.all(sessionId).map((row) => ({
        seq: row.seq as number,
        completionId: row.completion_id as string,
        createdAt: row.created_at as number,
        userText: row.user_text as string,
        answerText: row.answer_text as string,
        tokens: row.tokens as number,
      }));
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
