import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { SessionStore, StoredTurn } from "./store";
import { storedTurn } from "./store";

/** Bump when the table changes; a database from a newer version is refused rather than misread. */
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

/** The npm package that persistence needs, and the range this server is tested with. */
export const SQLITE_DRIVER = "better-sqlite3";
const SQLITE_DRIVER_RANGE = "12";

type DatabaseConstructor = typeof BetterSqlite3;

/**
 * Loads the SQLite driver. It is an optional peer dependency, so installing the mock compiles no native
 * code: only a server that keeps sessions in a file needs it, and without it that server fails at start
 * with the package to install.
 */
export async function loadSqliteDriver(
  load: () => Promise<{ default: DatabaseConstructor }> = () => import("better-sqlite3"),
): Promise<DatabaseConstructor> {
  try {
    return (await load()).default;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new Error(
      `Sessions in a file need the SQLite driver ${SQLITE_DRIVER}: install it next to @vlmchat/mock-server ` +
        `(npm install --save-dev ${SQLITE_DRIVER}@${SQLITE_DRIVER_RANGE}), or leave out --db / db to keep sessions in memory`,
    );
  }
}

/** The message of a database another server holds. */
export function heldMessage(path: string): string {
  return `${path} is in use by another vlmchat mock server; give each server its own --db`;
}

/**
 * Sessions in a SQLite file, on the request thread, synchronously: each turn is one INSERT committed
 * before its answer is sent, so a server killed with SIGKILL loses no turn it answered. A WAL journal
 * with `synchronous = OFF` makes a commit a write to the journal and never a wait for the disk (NORMAL
 * still waits at each checkpoint): history survives a crash of the server (the OS holds what was
 * written), not a power cut — the right trade for a mock. The file belongs to one server: SQLite's exclusive locking mode makes a second server on it
 * fail at start, with a message.
 */
export async function openSqliteStore(path: string): Promise<SessionStore> {
  const Database = await loadSqliteDriver();
  mkdirSync(dirname(path), { recursive: true });
  // No busy wait: a file another server holds is refused at once (this server holds it alone after).
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${path} holds sessions of a newer vlmchat mock server (schema ${version}); use another --db`,
      );
    }
    // Writing at once takes the exclusive lock now, so a second server fails here, not on a request.
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
  const getUserText = db.prepare<[string, number], { user_text: string }>(
    "SELECT user_text FROM turns WHERE session_id = ? AND seq = ?",
  );
  const insertTurn = db.prepare(
    "INSERT INTO turns (session_id, seq, completion_id, created_at, user_text, answer_text, tokens) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const listTurns = db.prepare<[string], Record<string, unknown>>(
    "SELECT seq, completion_id, created_at, user_text, answer_text, tokens FROM turns WHERE session_id = ? ORDER BY seq",
  );

  return {
    runTurn(sessionId, build, options) {
      const row = options?.fresh ? undefined : getSession.get(sessionId);
      const turns = row?.turns ?? 0;
      const result = build({
        sessionId,
        earlierTurns: turns,
        earlierTokens: row?.tokens ?? 0,
        previousUserText: turns > 0 ? getUserText.get(sessionId, turns)?.user_text : undefined,
      });
      const turn = storedTurn(turns + 1, result.turn);
      insertTurn.run(
        sessionId,
        turn.seq,
        turn.completionId,
        turn.createdAt,
        turn.userText,
        turn.answerText,
        turn.tokens,
      );
      return result;
    },
    turns(sessionId): StoredTurn[] {
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
