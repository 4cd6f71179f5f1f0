import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createCoreContext, handleRequest, nextRequestId } from "./core/handle";
import type { MockAnswer } from "./core/message";
import { createMemoryFileStore, openDiskFileStore } from "./files/file-store";
import { PresignedUploads } from "./files/presigned-uploads";
import { createTokenSigner } from "./files/upload-token";
import { detail } from "./http/respond";
import { API_PREFIX, matchRoute, type RouteMatch, TOKEN_OPERATIONS, UPLOAD_PREFIX } from "./http/routes";
import { createLogger } from "./log";
import { readBodyBytes, sendPayloadTooLarge } from "./node/body";
import type { NodeExchange, ServerContext } from "./node/context";
import { putPresignedUpload, readPublicFile } from "./node/token-routes";
import { writeAnswer, writeResponse } from "./node/write";
import { type MockServerOptions, resolveOptions } from "./options";
import { forwardToUpstream } from "./proxy/forward";
import { ViolationLog } from "./proxy/violations";
import { createMemoryStore } from "./sessions/memory-store";
import { openSqliteStore } from "./sessions/sqlite-store";

/** A running mock server. */
export interface MockServer {
  /** The origin, e.g. `http://127.0.0.1:43123`. */
  url: string;
  /** The SDK base URL: `${url}/v1/openai`. */
  baseURL: string;
  port: number;
  /**
   * Where presigned uploads go: the second port's origin with `uploadPort`, else `url`. Tests aim a
   * listener here to see what a `PUT` carries.
   */
  uploadURL: string;
  /** Stops accepting, ends every open connection (streams and stalls included), closes the database. */
  close(): Promise<void>;
}

/** Starts a mock server of VLM Run's chat completions API on loopback (port 0: a free port). */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const resolved = resolveOptions(options);
  const logger = createLogger(resolved.log);
  const sessions =
    resolved.db === undefined
      ? createMemoryStore(resolved.sessionMemory)
      : await openSqliteStore(resolved.db);
  const fileLimits = { uploadLimit: resolved.uploadLimit, capacity: resolved.fileStorage };
  const store =
    resolved.db === undefined
      ? createMemoryFileStore(fileLimits)
      : await openDiskFileStore(`${resolved.db}.files`, fileLimits);
  const files = {
    store,
    presignedUploads: new PresignedUploads(),
    tokens: await createTokenSigner(),
    uploadOrigin: "",
  };
  const ctx: ServerContext = {
    ...createCoreContext(resolved, logger, sessions),
    files,
    origin: "",
    violationLog: resolved.upstream ? new ViolationLog(resolved.violationsLog) : undefined,
  };
  const split = resolved.uploadPort !== undefined;
  const server = createHttpServer(ctx, split ? "api" : "both");
  const uploadServer = split ? createHttpServer(ctx, "uploads") : undefined;
  try {
    await listen(server, resolved.port, resolved.host);
    if (uploadServer) await listen(uploadServer, resolved.uploadPort ?? 0, resolved.host);
  } catch (error) {
    server.close();
    sessions.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(resolved.host)}:${port}`;
  ctx.origin = url;
  files.uploadOrigin = uploadServer
    ? `http://${urlHost(resolved.host)}:${(uploadServer.address() as AddressInfo).port}`
    : url;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseURL: `${url}${API_PREFIX}`,
    port,
    uploadURL: files.uploadOrigin,
    close() {
      closing ??= Promise.all([stop(server), uploadServer ? stop(uploadServer) : undefined]).then(() => {
        try {
          sessions.close();
        } catch (error) {
          logger.error("closing the session database", error);
        }
      });
      return closing;
    },
  };
}

/** Which routes a listener serves: all of them, the API's alone, or the token-authorised upload routes. */
type Surface = "both" | "api" | "uploads";

function createHttpServer(ctx: ServerContext, surface: Surface): Server {
  const { options } = ctx;
  const server = createServer(
    {
      keepAliveTimeout: 5_000,
      requestTimeout: options.requestTimeout,
      headersTimeout: options.headersTimeout,
      // Checked every second, so a slow body is cut within a second of its timeout.
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      void handle(ctx, req, res, surface);
    },
  );
  server.maxConnections = options.maxConnections;
  server.on("clientError", answerClientError);
  // `Expect: 100-continue` (curl sends it for bodies over 1 MB): a body the limit refuses is not invited.
  server.on("checkContinue", (req, res) => {
    const upload = (req.url ?? "").startsWith(UPLOAD_PREFIX);
    const limit = upload ? options.uploadLimit : options.bodyLimit;
    if (Number(req.headers["content-length"]) <= limit) res.writeContinue();
    void handle(ctx, req, res, surface);
  });
  return server;
}

function stop(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The `node:http` adapter: it owns the connection (body size limit, the 413's lingering, resets, cuts
 * and client departures) and hands everything else to the transport-free core.
 */
async function handle(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  surface: Surface,
): Promise<void> {
  const started = performance.now();
  const requestId = nextRequestId();
  res.setHeader("x-request-id", requestId);
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  let note: string | undefined;
  try {
    const match = matchRoute(req.method ?? "", path);
    const tokenRoute = match.ok && TOKEN_OPERATIONS.has(match.route.operation);
    if (surface !== "both" && tokenRoute !== (surface === "uploads")) {
      // With an upload port, each listener answers only its own routes: the API key never reaches the upload port.
      writeResponse(res, detail(404, "Not Found"));
    } else if (ctx.options.upstream) {
      note = await proxy(ctx, req, res, match, requestId);
    } else if (tokenRoute) {
      note = await answerTokenRoute(ctx, req, res, match);
    } else {
      note = await answer(ctx, req, res, url, match);
    }
  } catch (error) {
    ctx.logger.error(`${req.method} ${path} failed`, error);
    if (!res.headersSent && !res.destroyed) writeResponse(res, detail(500, "Internal server error"));
    else res.destroy();
  }
  if (ctx.options.log !== "silent") {
    note ??= res.writableEnded ? undefined : "connection closed early";
    ctx.logger.request({
      method: req.method ?? "?",
      path,
      status: res.statusCode,
      ms: performance.now() - started,
      requestId,
      ...(note ? { note } : {}),
    });
  }
}

/** Mock mode: read the body within the limit, let the core answer, write the answer. */
async function answer(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  match: RouteMatch,
): Promise<string | undefined> {
  const method = req.method ?? "";
  let body: Uint8Array = new Uint8Array(0);
  if (method !== "GET" && method !== "HEAD") {
    const read = await readBodyBytes(req, ctx.options.bodyLimit);
    if (read.kind === "too-large") {
      const upload = match.ok && match.route.operation === "uploadFile";
      sendPayloadTooLarge(
        req,
        res,
        ctx.options.bodyLimit,
        upload ? "upload larger files through POST /v1/files/presigned-url" : undefined,
      );
      return undefined;
    }
    if (read.kind === "aborted") return "client went away during the body";
    body = read.bytes;
  }
  const gone = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) gone.abort();
  };
  res.once("close", onClose);
  try {
    const mock: MockAnswer = await handleRequest(ctx, {
      method,
      url,
      baseURL: `${ctx.origin}${API_PREFIX}`,
      headers: req.headers,
      body,
      signal: gone.signal,
    });
    const written = await writeAnswer(req, res, mock);
    return written ?? mock.note;
  } finally {
    res.off("close", onClose);
  }
}

/** The token-authorised routes (no API key, no fault), answered on the socket: an upload is streamed to the store. */
async function answerTokenRoute(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch,
): Promise<string | undefined> {
  const files = ctx.files;
  if (!files || !match.ok) return undefined;
  if (match.route.operation === "putPresignedUpload") {
    return putPresignedUpload(files, req, res, match.route.token);
  }
  if (match.route.operation === "readPublicFile") await readPublicFile(files, res, match.route.token);
  return undefined;
}

/** Proxy mode: the upstream answers everything; the mock only gates on its own token, if it has one. */
async function proxy(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  match: RouteMatch,
  requestId: string,
): Promise<string | undefined> {
  if (ctx.options.token !== undefined && !(match.ok && match.route.operation === "getHealth")) {
    const auth = await ctx.checkAuth(header(req, "authorization"));
    if (!auth.ok) {
      writeResponse(res, detail(401, auth.detail, { "www-authenticate": "Bearer" }));
      return undefined;
    }
  }
  const exchange: NodeExchange = { req, res };
  await forwardToUpstream(ctx, exchange, requestId);
  return exchange.note;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Requests Node's parser rejects (bad request line, bad header, headers too large) still get a
 * FastAPI-shaped JSON body instead of Node's bare status line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = JSON.stringify({ detail: `${STATUS_CODES[status]}: ${error.message}` });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** The host part of the URL clients use: a wildcard address is reached through loopback. */
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "[::1]";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
