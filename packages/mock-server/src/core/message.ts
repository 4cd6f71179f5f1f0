/**
 * The core's request and answer: plain records with no transport. `node:http` (`server.ts`), the
 * port-less fetch (`fetch.ts`) and the MSW handlers (`msw.ts`) each turn their own messages into a
 * `MockRequest` and write the `MockAnswer` back.
 */

export type HeaderValue = string | string[] | undefined;

export interface MockRequest {
  method: string;
  /** The request target in origin form, path and query: `/v1/openai/models?x=1`. */
  url: string;
  /**
   * The API's base URL as the client reaches it (`http://127.0.0.1:43123/v1/openai`); links in answers
   * (a 303's `Location`) are built on it. It comes from the transport, never from the `Host` header.
   */
  baseURL: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, HeaderValue>>;
  /** The whole body (empty when there is none); the transport has already enforced the size limit. */
  body: Uint8Array;
  /** Aborted when the client goes away: ends delays, streaming latency and stalls. */
  signal: AbortSignal;
}

export interface MockResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /**
   * The bytes, whole, or as they are produced (a stream with latency or a fault). An iterable may
   * throw `StreamCut` (the connection must end mid-body) and may wait until the request's signal aborts
   * (a stall): each transport plays these as its medium allows.
   */
  body: Uint8Array | AsyncIterable<Uint8Array>;
  /** A short note for the request log (the fault played). */
  note?: string;
}

/** An answer whose body is whole (JSON, errors). */
export interface WholeResponse extends MockResponse {
  body: Uint8Array;
}

/** No answer at all: the `reset` fault (the connection is reset), or a client that left before it. */
export interface NoAnswer {
  noAnswer: "reset" | "client-gone";
  note?: string;
}

export type MockAnswer = MockResponse | NoAnswer;

/** Thrown by an answer's body: end the connection after what was sent, without a proper end. */
export class StreamCut extends Error {
  constructor() {
    super("The stream was cut (injected by x-vlmchat-fault: reset-after).");
    this.name = "StreamCut";
  }
}

export const EMPTY_BODY = new Uint8Array(0);

/** A header's first value. */
export function headerOf(headers: MockRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
