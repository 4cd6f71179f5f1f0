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
import { detail } from "./http/respond";
import { API_PREFIX, matchRoute } from "./http/routes";
import { createLogger } from "./log";
import { readBodyBytes, sendPayloadTooLarge } from "./node/body";
import type { NodeExchange, ServerContext } from "./node/context";
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
  const ctx: ServerContext = {
    ...createCoreContext(resolved, logger, sessions),
    origin: "",
    violationLog: resolved.upstream ? new ViolationLog(resolved.violationsLog) : undefined,
  };
  const server = createServer(
    {
      keepAliveTimeout: 5_000,
      requestTimeout: resolved.requestTimeout,
      headersTimeout: resolved.headersTimeout,
      // Checked every second, so a slow body is cut within a second of its timeout.
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      void handle(ctx, req, res);
    },
  );
  server.maxConnections = resolved.maxConnections;
  server.on("clientError", answerClientError);
  // `Expect: 100-continue` (curl sends it for bodies over 1 MB): a body the limit refuses is not invited.
  server.on("checkContinue", (req, res) => {
    if (Number(req.headers["content-length"]) <= resolved.bodyLimit) res.writeContinue();
    void handle(ctx, req, res);
  });
  try {
    await listen(server, resolved.port, resolved.host);
  } catch (error) {
    sessions.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(resolved.host)}:${port}`;
  ctx.origin = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseURL: `${url}${API_PREFIX}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          try {
            sessions.close();
          } catch (error) {
            logger.error("closing the session database", error);
          }
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * The `node:http` adapter: it owns the connection (body size limit, the 413's lingering, resets, cuts
 * and client departures) and hands everything else to the transport-free core.
 */
async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const requestId = nextRequestId();
  res.setHeader("x-request-id", requestId);
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query < 0 ? url : url.slice(0, query);
  let note: string | undefined;
  try {
    note = ctx.options.upstream
      ? await proxy(ctx, req, res, path, requestId)
      : await answer(ctx, req, res, url);
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
): Promise<string | undefined> {
  const method = req.method ?? "";
  let body: Uint8Array = new Uint8Array(0);
  if (method !== "GET" && method !== "HEAD") {
    const read = await readBodyBytes(req, ctx.options.bodyLimit);
    if (read.kind === "too-large") {
      sendPayloadTooLarge(req, res, ctx.options.bodyLimit);
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

/** Proxy mode: the upstream answers everything; the mock only gates on its own token, if it has one. */
async function proxy(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  requestId: string,
): Promise<string | undefined> {
  const match = matchRoute(req.method ?? "", path);
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
