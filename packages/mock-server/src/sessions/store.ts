import type { SessionHistory } from "../engine/answer-text";
import type { TurnSummary } from "../engine/completion";
import { openInThread } from "./database-thread";
import {
  openSqlite,
  type SessionDatabase,
  type SessionSnapshot,
  type StoredTurn,
  type TurnRow,
} from "./sqlite";

export type { StoredTurn } from "./sqlite";

/** Sessions whose state stays in memory between turns; older ones are read back from the file. */
const CACHED_SESSIONS = 10_000;
/** How long turns wait to be written together: one transaction per batch, not one per request. */
const FLUSH_DELAY_MS = 10;

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
  close(): Promise<void>;
}

/**
 * Opens the session store on a file (or `:memory:`). The file is served by a thread of its own
 * (`database-thread.ts`), and belongs to this server alone (see `openSqlite`): that is what lets the
 * request thread keep each session's counters in memory, answer from them at once, and hand the turns
 * of 10 ms to the database thread in one batch. Pending turns are handed over after those 10 ms and on
 * close(); history survives a restart and a crash of the server (all but its last 10 ms).
 * `:memory:` stays in the request thread: there is nothing to wait for.
 */
export async function openSessionStore(
  path: string,
  onError: (error: Error) => void = () => {},
): Promise<SessionStore> {
  const inMemory = path === ":memory:" || path === "";
  const database: SessionDatabase = inMemory ? openSqlite(path) : await openInThread(path, onError);
  const cache = new Map<string, SessionSnapshot>();
  let pending: TurnRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function flush(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    try {
      database.write(batch);
    } catch (error) {
      onError(error as Error);
    }
    // Handed over, these sessions may leave the cache: a later miss reads them back, after the batch.
    while (cache.size > CACHED_SESSIONS) cache.delete(cache.keys().next().value as string);
  }

  function state(sessionId: string, fresh: boolean): SessionSnapshot {
    const cached = cache.get(sessionId);
    if (cached) {
      // Most recently used last, so eviction takes the oldest.
      cache.delete(sessionId);
      cache.set(sessionId, cached);
      return cached;
    }
    if (!fresh) flush();
    const loaded = fresh ? { turns: 0, tokens: 0, lastUserText: undefined } : database.read(sessionId);
    cache.set(sessionId, loaded);
    return loaded;
  }

  return {
    runTurn(sessionId, build, options) {
      if (closed) throw new Error("the session store is closed");
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
      pending.push({
        sessionId,
        seq: session.turns,
        completionId: turn.completionId,
        createdAt: Date.now(),
        userText: turn.userText,
        answerText: turn.answerText,
        tokens: turn.tokens,
      });
      if (!timer) {
        timer = setTimeout(flush, FLUSH_DELAY_MS);
        timer.unref();
      }
      return result;
    },
    turns(sessionId) {
      flush();
      return database.list(sessionId);
    },
    async close() {
      if (closed) return;
      closed = true;
      flush();
      await database.close();
    },
  };
}
