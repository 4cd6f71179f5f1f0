import type { SessionHistory } from "../engine/answer-text";
import type { TurnSummary } from "../engine/completion";

/** One turn as recorded. Texts are kept to their first `STORED_TEXT_LIMIT` characters. */
export interface StoredTurn {
  seq: number;
  completionId: string;
  createdAt: number;
  userText: string;
  answerText: string;
  tokens: number;
}

/**
 * How much of a turn's texts is kept: the answers quote at most 280 characters of the previous turn,
 * so a 10 MB message costs the store no more than a short one.
 */
export const STORED_TEXT_LIMIT = 1024;

/** Conversations: in memory by default, in a SQLite file when asked (`sqlite-store.ts`). */
export interface SessionStore {
  /**
   * Runs one turn: `build` sees the session's history and returns the turn to append, which is
   * recorded (and, in a file, committed) before `runTurn` returns, so before any byte of the answer is
   * sent. Reading the history and recording the turn happen with nothing in between (JavaScript runs
   * one turn at a time, and the file belongs to this server alone), so concurrent turns on a session each
   * see a distinct history and none is lost. When `build` throws, nothing is recorded.
   */
  runTurn<T extends { turn: TurnSummary }>(
    sessionId: string,
    build: (history: SessionHistory) => T,
    /** `fresh`: the id was just made up by the server, so there is no history to look for. */
    options?: { fresh?: boolean },
  ): T;
  /** A session's turns, oldest first (in memory: while the session is kept). */
  turns(sessionId: string): StoredTurn[];
  close(): void;
}

/** A turn's record, its texts cut to the stored prefix. */
export function storedTurn(seq: number, turn: TurnSummary): StoredTurn {
  return {
    seq,
    completionId: turn.completionId,
    createdAt: Date.now(),
    userText: prefix(turn.userText),
    answerText: prefix(turn.answerText),
    tokens: turn.tokens,
  };
}

function prefix(text: string): string {
  const start = text.trimStart();
  const kept = start.length <= STORED_TEXT_LIMIT ? start : start.slice(0, STORED_TEXT_LIMIT);
  // A slice can share the whole string's memory (V8 keeps a 10 MB message alive for its first 1 KiB):
  // a copy owns only its own characters.
  return kept === text ? text : structuredClone(kept);
}
