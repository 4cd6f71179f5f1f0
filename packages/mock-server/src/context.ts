import type { IncomingMessage, ServerResponse } from "node:http";
import type { FailCounter } from "./faults/fail-counter";
import type { FaultSpec } from "./faults/parse";
import type { PollJobs } from "./faults/poll-jobs";
import type { AuthResult } from "./http/auth";
import type { Logger } from "./log";
import type { ResolvedOptions } from "./options";
import type { ViolationLog } from "./proxy/violations";
import type { SessionStore } from "./sessions/store";

/** What every handler shares for the life of one server. */
export interface ServerContext {
  options: ResolvedOptions;
  /** The server's own origin (`http://127.0.0.1:43123`), known once it listens: never the `Host` header. */
  origin: string;
  logger: Logger;
  sessions: SessionStore;
  failCounter: FailCounter;
  pollJobs: PollJobs;
  checkAuth(authorization: string | undefined): AuthResult;
  /** Proxy mode only: where violations are written. */
  violationLog: ViolationLog | undefined;
}

/** One request and its answer, with the fault the request asked for. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  fault: FaultSpec | undefined;
  faultKey: string | undefined;
  /** A short note for the request log (the fault played, a client gone). */
  note?: string;
}
