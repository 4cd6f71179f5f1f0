import type { IncomingMessage, ServerResponse } from "node:http";
import type { ArtifactStore } from "./artifacts/artifact-store";
import type { FailCounter } from "./faults/fail-counter";
import type { FaultSpec } from "./faults/parse";
import type { PollJobs } from "./faults/poll-jobs";
import type { FileStore } from "./files/file-store";
import type { PresignedUploads } from "./files/presigned-uploads";
import type { TokenSigner } from "./files/upload-token";
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
  files: FileStore;
  presignedUploads: PresignedUploads;
  artifacts: ArtifactStore;
  /** Signs the tokens of presigned upload URLs and files' public URLs. */
  tokens: TokenSigner;
  /** The origin of presigned upload URLs: the second port's when `uploadPort` is set, else `origin`. */
  uploadOrigin: string;
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
