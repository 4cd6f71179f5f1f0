/** What the transport and the poll loop need of one openapi-fetch call. */
import type { RequestLifetime } from "./lifetime";
import type { ResponseSchemaName } from "./validators";

/** A fetch as the client calls it: with the `Request` openapi-fetch built, and the attempt's signal. */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/**
 * What one openapi-fetch call needs from the transport. The attempt's signal goes to fetch as its second
 * argument rather than onto the `Request` (see bench/README). Bodies are always left unread
 * (`parseAs: "stream"`): the transport reads them, within its size limits.
 */
export type SendInit = {
  fetch: (input: Request) => Promise<Response>;
  headers: Record<string, string | null | undefined>;
  parseAs: "stream";
  /** The attempt's lifetime: an upload's body starts its idle timeout and touches it per chunk sent. */
  lifetime: RequestLifetime;
  /** The request's idle timeout in milliseconds. */
  idleTimeout: number;
};

/** What openapi-fetch answers: `data` (the body, unread) on success, `error` (parsed when JSON) on failure. */
export type Sent = { response: Response; data?: unknown; error?: unknown };
/** One typed openapi-fetch call. */
type Send = (init: SendInit) => Promise<Sent>;
/** A GET of a poll URL, outside the spec's paths. */
export type SendPoll = (url: URL, init: SendInit) => Promise<Sent>;

/** What a call is, beyond its options. */
export interface Call {
  /**
   * What the answer is: a JSON answer by its schema's name (the response check's argument), else what
   * the bytes are. It names the call in log lines.
   */
  answer: ResponseSchemaName | "Artifact" | "PresignedUpload";
  send: Send;
  /** A POST: sent with an `Idempotency-Key`, and a 303/202 "not ready yet" is polled with this GET. */
  poll?: SendPoll;
}
