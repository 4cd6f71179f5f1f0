import type { SessionStore, StoredTurn } from "./store";
import { storedTurn } from "./store";

/** Bytes a turn is counted for: its texts (UTF-16) and a fixed allowance for the record and its keys. */
const TURN_OVERHEAD = 200;

interface Session {
  turns: StoredTurn[];
  tokens: number;
  bytes: number;
}

/**
 * Sessions in memory, bounded by bytes: once the recorded turns pass `budget`, the sessions used
 * longest ago are forgotten whole (a later turn on a forgotten id starts it again), and a single
 * session over the budget loses its oldest turns' records (its counters stay).
 */
export function createMemoryStore(budget: number): SessionStore {
  // A Map iterates in insertion order: re-inserting a session on use keeps the least recently used first.
  const sessions = new Map<string, Session>();
  let total = 0;

  function evict(keep: Session): void {
    for (const [id, session] of sessions) {
      if (total <= budget) return;
      if (session === keep) continue;
      sessions.delete(id);
      total -= session.bytes;
    }
    while (total > budget && keep.turns.length > 1) {
      const dropped = keep.turns.shift() as StoredTurn;
      keep.bytes -= size(dropped);
      total -= size(dropped);
    }
  }

  return {
    runTurn(sessionId, build) {
      const session = sessions.get(sessionId) ?? { turns: [], tokens: 0, bytes: 0 };
      sessions.delete(sessionId);
      sessions.set(sessionId, session);
      const last = session.turns.at(-1);
      const result = build({
        sessionId,
        earlierTurns: last?.seq ?? 0,
        earlierTokens: session.tokens,
        previousUserText: last?.userText,
      });
      const turn = storedTurn((last?.seq ?? 0) + 1, result.turn);
      session.turns.push(turn);
      session.tokens += turn.tokens;
      session.bytes += size(turn);
      total += size(turn);
      if (total > budget) evict(session);
      return result;
    },
    turns(sessionId) {
      return [...(sessions.get(sessionId)?.turns ?? [])];
    },
    close() {
      sessions.clear();
      total = 0;
    },
  };
}

function size(turn: StoredTurn): number {
  return TURN_OVERHEAD + 2 * (turn.userText.length + turn.answerText.length + turn.completionId.length);
}
