import { randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ArtifactStore } from "./artifacts/artifact-store";
import type { Exchange, ServerContext } from "./context";
import { FailCounter } from "./faults/fail-counter";
import { FAULT_HEADER, FAULT_KEY_HEADER, parseFault } from "./faults/parse";
import { PollJobs } from "./faults/poll-jobs";
import { createMemoryFileStore, openDiskFileStore } from "./files/file-store";
import { PresignedUploads } from "./files/presigned-uploads";
import { createTokenSigner } from "./files/upload-token";
import { getArtifact, listArtifacts } from "./handlers/artifacts";
import { createChatCompletion } from "./handlers/chat-completions";
import {
  createPresignedUrl,
  deleteFile,
  listFiles,
  putPresignedUpload,
  readPublicFile,
  retrieveFile,
  retrieveFileByHash,
  uploadFile,
  verifyUpload,
} from "./handlers/files";
import { getHealth } from "./handlers/health";
import { listModels, retrieveModel } from "./handlers/models";
import { pollCompletion } from "./handlers/poll";
import { createAuthCheck } from "./http/auth";
import { sendDetail } from "./http/respond";
import { API_PREFIX, matchRoute, type Route, TOKEN_OPERATIONS, UPLOAD_PREFIX } from "./http/routes";
import { createLogger } from "./log";
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
  const files =
    resolved.db === undefined
      ? createMemoryFileStore(fileLimits)
      : await openDiskFileStore(`${resolved.db}.files`, fileLimits);
  const ctx: ServerContext = {
    options: resolved,
    origin: "",
    uploadOrigin: "",
    logger,
    sessions,
    files,
    presignedUploads: new PresignedUploads(),
    artifacts: new ArtifactStore(),
    tokens: await createTokenSigner(),
    failCounter: new FailCounter(),
    pollJobs: new PollJobs(),
    checkAuth: createAuthCheck(resolved.token),
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
  ctx.uploadOrigin = uploadServer
    ? `http://${urlHost(resolved.host)}:${(uploadServer.address() as AddressInfo).port}`
    : url;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseURL: `${url}${API_PREFIX}`,
    port,
    uploadURL: ctx.uploadOrigin,
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

const REQUEST_ID_PREFIX = `req_${randomBytes(4).toString("hex")}`;
let requestCount = 0;

async function handle(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  surface: Surface,
): Promise<void> {
  const started = performance.now();
  const requestId = `${REQUEST_ID_PREFIX}${(++requestCount).toString(36)}`;
  res.setHeader("x-request-id", requestId);
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  const exchange: Exchange = { req, res, fault: undefined, faultKey: undefined };
  try {
    await route(ctx, exchange, path, requestId, surface);
  } catch (error) {
    ctx.logger.error(`${req.method} ${path} failed`, error);
    if (!res.headersSent && !res.destroyed) sendDetail(res, 500, "Internal server error");
    else res.destroy();
  }
  if (ctx.options.log !== "silent") {
    const note = exchange.note ?? (res.writableEnded ? undefined : "connection closed early");
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

async function route(
  ctx: ServerContext,
  exchange: Exchange,
  path: string,
  requestId: string,
  surface: Surface,
): Promise<void> {
  const { req, res } = exchange;
  const match = matchRoute(req.method ?? "", path);
  if (surface !== "both") {
    // With an upload port, each listener answers only its own routes: the API key never reaches the upload port.
    const tokenRoute = match.ok && TOKEN_OPERATIONS.has(match.route.operation);
    if (tokenRoute !== (surface === "uploads")) return sendDetail(res, 404, "Not Found");
  }
  if (ctx.options.upstream) {
    // Proxy mode: the upstream answers everything; the mock only gates on its own token, if it has one.
    if (ctx.options.token !== undefined && !(match.ok && match.route.operation === "getHealth")) {
      const auth = ctx.checkAuth(header(req, "authorization"));
      if (!auth.ok) return sendDetail(res, 401, auth.detail, { "www-authenticate": "Bearer" });
    }
    return forwardToUpstream(ctx, exchange, requestId);
  }
  if (!match.ok) {
    if (match.status === 405) return sendDetail(res, 405, "Method Not Allowed", { allow: match.allow });
    return sendDetail(res, 404, "Not Found");
  }
  const operation = match.route.operation;
  if (operation !== "getHealth" && !TOKEN_OPERATIONS.has(operation)) {
    const auth = ctx.checkAuth(header(req, "authorization"));
    if (!auth.ok) return sendDetail(res, 401, auth.detail, { "www-authenticate": "Bearer" });
  }
  const faultHeader = req.headers[FAULT_HEADER];
  // Polls carry the headers of the request they follow (fetch repeats them across a 303): the fault
  // that made the redirect must not strike its own poll.
  if (faultHeader !== undefined && operation !== "pollCompletion" && !TOKEN_OPERATIONS.has(operation)) {
    const parsed = parseFault(faultHeader);
    if (!parsed.ok) return sendDetail(res, 400, parsed.detail);
    exchange.fault = parsed.fault;
    exchange.faultKey = header(req, FAULT_KEY_HEADER);
    exchange.note = `fault: ${String(faultHeader)}`;
  }
  return dispatch(ctx, exchange, match.route);
}

function dispatch(ctx: ServerContext, exchange: Exchange, route: Route): Promise<void> {
  switch (route.operation) {
    case "createChatCompletion":
      return createChatCompletion(ctx, exchange);
    case "listModels":
      return listModels(ctx, exchange);
    case "retrieveModel":
      return retrieveModel(ctx, exchange, route.model);
    case "getHealth":
      return getHealth(ctx, exchange);
    case "pollCompletion":
      return pollCompletion(ctx, exchange, route.jobId);
    case "uploadFile":
      return uploadFile(ctx, exchange);
    case "listFiles":
      return listFiles(ctx, exchange);
    case "retrieveFile":
      return retrieveFile(ctx, exchange, route.fileId);
    case "deleteFile":
      return deleteFile(ctx, exchange, route.fileId);
    case "retrieveFileByHash":
      return retrieveFileByHash(ctx, exchange, route.md5);
    case "createPresignedUrl":
      return createPresignedUrl(ctx, exchange);
    case "verifyUpload":
      return verifyUpload(ctx, exchange, route.fileId);
    case "putPresignedUpload":
      return putPresignedUpload(ctx, exchange, route.token);
    case "readPublicFile":
      return readPublicFile(ctx, exchange, route.token);
    case "getArtifact":
      return getArtifact(ctx, exchange);
    case "listArtifacts":
      return listArtifacts(ctx, exchange);
  }
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
