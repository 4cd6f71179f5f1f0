import type { MockRequest } from "./core/message";
import type { FailCounter } from "./faults/fail-counter";
import type { FaultSpec } from "./faults/parse";
import type { PollJobs } from "./faults/poll-jobs";
import type { AuthResult } from "./http/auth";
import type { Logger } from "./log";
import type { ResolvedOptions } from "./options";
import type { SessionStore } from "./sessions/store";

/** What every handler shares for the life of one mock (a server, a mock fetch, a set of MSW handlers). */
export interface CoreContext {
  options: ResolvedOptions;
  logger: Logger;
  sessions: SessionStore;
  failCounter: FailCounter;
  pollJobs: PollJobs;
  checkAuth(authorization: string | undefined): Promise<AuthResult>;
}

/** One request, with the fault it asked for. */
export interface Exchange {
  request: MockRequest;
  fault: FaultSpec | undefined;
  faultKey: string | undefined;
}
