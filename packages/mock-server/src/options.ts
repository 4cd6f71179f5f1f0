/** How to start a mock server. Every field is optional; the defaults suit a test on loopback. */
export interface MockServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** When set, every operation but the health check requires `Authorization: Bearer <token>`. */
  token?: string;
  /**
   * Keep sessions in this SQLite file (needs the optional peer dependency `better-sqlite3`). Without it
   * (or with `":memory:"`), sessions live in memory, bounded by `sessionMemory`.
   */
  db?: string;
  /** In-memory sessions: bytes of recorded turns kept before the least recently used sessions are forgotten (default 64 MiB). */
  sessionMemory?: number;
  /** Open connections accepted at once; more are closed on arrival (default 512). */
  maxConnections?: number;
  /** Milliseconds a client has to send a whole request, body included (default 30000); then 408. */
  requestTimeout?: number;
  /** Milliseconds a client has to send a request's headers (default 10000); then 408. */
  headersTimeout?: number;
  /** Milliseconds to wait before each streamed chunk (default 0). */
  latencyMs?: number;
  /** Proxy mode: forward every request to this OpenAI-compatible server and check what passes. */
  upstream?: string;
  /** Proxy mode: the bearer token sent upstream instead of the caller's. */
  upstreamToken?: string;
  /** Proxy mode: the JSON-lines file violations are appended to (default `.vlmchat/violations.jsonl`). */
  violationsLog?: string;
  /** Largest request body accepted, in bytes (default 50 MiB); larger bodies get a 413. */
  bodyLimit?: number;
  /** Request log: `json` lines, `pretty` lines, or `silent` (the default). */
  log?: LogFormat;
  /**
   * Bytes of uploaded files kept at once (default 1 GiB), in memory, or on disk beside `db`: past it an
   * upload is refused with a 507 and nothing stored is dropped.
   */
  fileStorage?: number;
  /** Largest single file (default 512 MiB), through either upload route. */
  uploadLimit?: number;
  /**
   * Serve presigned uploads (and files' public URLs) on this second port instead of the API's own (0
   * picks a free one): the `PUT` then crosses origins, as to a real bucket. Unset: the API's port.
   */
  uploadPort?: number;
}

export type LogFormat = "json" | "pretty" | "silent";

export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;
export const DEFAULT_SESSION_MEMORY = 64 * 1024 * 1024;
export const DEFAULT_MAX_CONNECTIONS = 512;
export const DEFAULT_REQUEST_TIMEOUT = 30_000;
export const DEFAULT_HEADERS_TIMEOUT = 10_000;
export const DEFAULT_FILE_STORAGE = 1024 * 1024 * 1024;
export const DEFAULT_UPLOAD_LIMIT = 512 * 1024 * 1024;
export const DEFAULT_VIOLATIONS_LOG = ".vlmchat/violations.jsonl";

/** The options with every default filled in and every value checked. */
export interface ResolvedOptions {
  port: number;
  host: string;
  token: string | undefined;
  /** A SQLite file, or undefined for sessions in memory. */
  db: string | undefined;
  sessionMemory: number;
  maxConnections: number;
  requestTimeout: number;
  headersTimeout: number;
  latencyMs: number;
  upstream: URL | undefined;
  upstreamToken: string | undefined;
  violationsLog: string;
  bodyLimit: number;
  log: LogFormat;
  fileStorage: number;
  uploadLimit: number;
  uploadPort: number | undefined;
}

export function resolveOptions(options: MockServerOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${String(options.port)}`);
  }
  const latencyMs = options.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0) {
    throw new RangeError(`latencyMs must be a non-negative number, got ${String(options.latencyMs)}`);
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit < 1) {
    throw new RangeError(`bodyLimit must be a positive integer (bytes), got ${String(options.bodyLimit)}`);
  }
  const sessionMemory = positiveInteger("sessionMemory", options.sessionMemory, DEFAULT_SESSION_MEMORY);
  const maxConnections = positiveInteger("maxConnections", options.maxConnections, DEFAULT_MAX_CONNECTIONS);
  const requestTimeout = positiveInteger("requestTimeout", options.requestTimeout, DEFAULT_REQUEST_TIMEOUT);
  const headersTimeout = positiveInteger("headersTimeout", options.headersTimeout, DEFAULT_HEADERS_TIMEOUT);
  if (headersTimeout > requestTimeout) {
    throw new RangeError(
      `headersTimeout (${headersTimeout}) must not exceed requestTimeout (${requestTimeout})`,
    );
  }
  const log = options.log ?? "silent";
  if (log !== "json" && log !== "pretty" && log !== "silent") {
    throw new RangeError(`log must be "json", "pretty" or "silent", got ${JSON.stringify(options.log)}`);
  }
  const fileStorage = positiveInteger("fileStorage", options.fileStorage, DEFAULT_FILE_STORAGE);
  const uploadLimit = positiveInteger("uploadLimit", options.uploadLimit, DEFAULT_UPLOAD_LIMIT);
  const uploadPort = options.uploadPort;
  if (uploadPort !== undefined && (!Number.isInteger(uploadPort) || uploadPort < 0 || uploadPort > 65535)) {
    throw new RangeError(`uploadPort must be an integer from 0 to 65535, got ${String(uploadPort)}`);
  }
  if (options.token !== undefined && options.token.length === 0) {
    throw new RangeError("token must not be empty (omit it to serve guests)");
  }
  return {
    port,
    host: options.host ?? "127.0.0.1",
    token: options.token,
    db: options.db === undefined || options.db === ":memory:" || options.db === "" ? undefined : options.db,
    sessionMemory,
    maxConnections,
    requestTimeout,
    headersTimeout,
    latencyMs,
    upstream: options.upstream === undefined ? undefined : parseUpstream(options.upstream),
    upstreamToken: options.upstreamToken,
    violationsLog: options.violationsLog ?? DEFAULT_VIOLATIONS_LOG,
    bodyLimit,
    log,
    fileStorage,
    uploadLimit,
    uploadPort,
  };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

function parseUpstream(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`upstream must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`upstream must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  // Callers may paste the SDK base URL (`…/v1/openai`); requests already carry that prefix.
  url.pathname = url.pathname.replace(/\/+$/, "").replace(/\/v1\/openai$/, "");
  return url;
}
