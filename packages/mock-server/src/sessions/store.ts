import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { SessionHistory } from "../engine/answer-text";
import type { TurnSummary } from "../engine/completion";

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

/** Sessions whose state stays in memory between turns; older ones are read back from the file. */
const CACHED_SESSIONS = 10_000;
/** How long turns wait to be written together: one transaction per batch, not one per request. */
const FLUSH_DELAY_MS = 10;

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
   * Runs one turn: `build` sees the session's history and returns the turn to append. Reading the
   * history and appending the turn happen with nothing in between (JavaScript runs one turn at a time,
   * and no other process may use the file), so concurrent turns on a session each see a distinct
   * history and none is lost. When `build` throws, nothing is recorded.
   */
  runTurn<T extends { turn: TurnSummary }>(
    sessionId: string,
    build: (history: SessionHistory) => T,
    /** `fresh`: the id was just made up by the server, so there is no history to look for. */
    options?: { fresh?: boolean },
  ): T;
  /** A session's turns, oldest first. */
  turns(sessionId: string): StoredTurn[];
  /** Writes what is pending and closes the file. */
  close(): void;
}

interface SessionState {
  turns: number;
  tokens: number;
  lastUserText: string | undefined;
}

interface PendingTurn {
  sessionId: string;
  state: SessionState;
  seq: number;
  turn: TurnSummary;
  at: number;
}

/**
 * Opens (or creates) the session database. A file belongs to one server alone (SQLite's exclusive
 * locking mode, WAL journal): a second server on the same file is refused at start. That is what lets
 * the server keep each session's counters in memory and write the turns of 10 ms in one transaction
 * (group commit) instead of one transaction per request. Pending turns are written after those 10 ms
 * and on close(); `synchronous = OFF` hands commits to the OS without waiting for the disk. History
 * survives a restart and a crash of the server (all but its last 10 ms), not a power cut: the right
 * trade for a mock.
 */
export function openSessionStore(path: string): SessionStore {
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
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new Error(
        `${path} is in use by another vlmchat mock server; give each server its own --db (or :memory:)`,
      );
    }
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

  const cache = new Map<string, SessionState>();
  let pending: PendingTurn[] = [];
  let flushing: NodeJS.Timeout | undefined;

  const writePending = db.transaction((turns: PendingTurn[]) => {
    for (const item of turns) {
      insertTurn.run(
        item.sessionId,
        item.seq,
        item.turn.completionId,
        item.at,
        item.turn.userText,
        item.turn.answerText,
        item.turn.tokens,
      );
    }
  });

  function flush(): void {
    if (flushing) {
      clearTimeout(flushing);
      flushing = undefined;
    }
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    writePending(batch);
    // Only sessions whose turns are on disk may leave the cache: a miss reads them back from the file.
    while (cache.size > CACHED_SESSIONS) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
    }
  }

  function state(sessionId: string, fresh: boolean): SessionState {
    const cached = cache.get(sessionId);
    if (cached) {
      // Most recently used last, so eviction takes the oldest.
      cache.delete(sessionId);
      cache.set(sessionId, cached);
      return cached;
    }
    const row = fresh ? undefined : getSession.get(sessionId);
    const turns = row?.turns ?? 0;
    const loaded: SessionState = {
      turns,
      tokens: row?.tokens ?? 0,
      lastUserText: turns > 0 ? getTurnText.get(sessionId, turns)?.user_text : undefined,
    };
    cache.set(sessionId, loaded);
    return loaded;
  }

  return {
    runTurn(sessionId, build, options) {
      const session = state(sessionId, options?.fresh === true);
      const result = build({
        sessionId,
        earlierTurns: session.turns,
        earlierTokens: session.tokens,
        previousUserText: session.lastUserText,
      });
      const { turn } = result;
      session.turns += 1;
      session.tokens += turn.tokens;
      session.lastUserText = turn.userText;
      const item: PendingTurn = { sessionId, state: session, seq: session.turns, turn, at: Date.now() };
      pending.push(item);
      if (!flushing) {
        flushing = setTimeout(flush, FLUSH_DELAY_MS);
        flushing.unref();
      }
      return result;
    },
    turns(sessionId) {
      flush();
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
      if (!db.open) return;
      flush();
      db.close();
    },
  };
}
