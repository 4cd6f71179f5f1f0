import type { ArtifactStore } from "./artifacts/artifact-store";
import type { MockRequest } from "./core/message";
import type { FailCounter } from "./faults/fail-counter";
import type { FaultSpec } from "./faults/parse";
import type { PollJobs } from "./faults/poll-jobs";
import type { FileStore } from "./files/file-store";
import type { PresignedUploads } from "./files/presigned-uploads";
import type { TokenSigner } from "./files/upload-token";
import type { AuthResult } from "./http/auth";
import type { Logger } from "./log";
import type { ResolvedOptions } from "./options";
import type { SessionStore } from "./sessions/store";

/**
 * File storage, which needs Node (`node:crypto` for MD5, `node:fs` for the disk store): the `node:http`
 * server injects it into the core. The port-less mocks (`createMockFetch`, MSW) have none.
 */
export interface FileServices {
  store: FileStore;
  presignedUploads: PresignedUploads;
  /** Signs the tokens of presigned upload URLs and files' public URLs. */
  tokens: TokenSigner;
  /** The origin of presigned upload URLs and public URLs: the upload port's with `uploadPort`, else the server's. */
  uploadOrigin: string;
}

/** What every handler shares for the life of one mock (a server, a mock fetch, a set of MSW handlers). */
export interface CoreContext {
  options: ResolvedOptions;
  logger: Logger;
  sessions: SessionStore;
  artifacts: ArtifactStore;
  /** Present on `startMockServer` / the CLI only. */
  files?: FileServices;
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
