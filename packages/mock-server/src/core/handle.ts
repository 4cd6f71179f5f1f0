import { ArtifactStore } from "../artifacts/artifact-store";
import type { CoreContext, Exchange } from "../context";
import { FailCounter } from "../faults/fail-counter";
import { FAULT_HEADER, FAULT_KEY_HEADER, parseFault } from "../faults/parse";
import { PollJobs } from "../faults/poll-jobs";
import { getArtifact, listArtifacts } from "../handlers/artifacts";
import { createChatCompletion } from "../handlers/chat-completions";
import {
  createPresignedUrl,
  deleteFile,
  filesUnavailable,
  listFiles,
  retrieveFile,
  retrieveFileByHash,
  uploadFile,
  verifyUpload,
} from "../handlers/files";
import { getHealth } from "../handlers/health";
import { listModels, retrieveModel } from "../handlers/models";
import { pollCompletion } from "../handlers/poll";
import { createAuthCheck } from "../http/auth";
import { detail } from "../http/respond";
import { matchRoute, type Route, TOKEN_OPERATIONS } from "../http/routes";
import type { Logger } from "../log";
import type { ResolvedOptions } from "../options";
import type { SessionStore } from "../sessions/store";
import { headerOf, type MockAnswer, type MockRequest } from "./message";

/** The shared state of one mock, whatever carries its requests. */
export function createCoreContext(
  options: ResolvedOptions,
  logger: Logger,
  sessions: SessionStore,
): CoreContext {
  return {
    options,
    logger,
    sessions,
    artifacts: new ArtifactStore(),
    failCounter: new FailCounter(),
    pollJobs: new PollJobs(),
    checkAuth: createAuthCheck(options.token),
  };
}

/** Answers one request: route, authenticate, read the fault header, run the operation. Never throws. */
export async function handleRequest(ctx: CoreContext, request: MockRequest): Promise<MockAnswer> {
  const query = request.url.indexOf("?");
  const path = query < 0 ? request.url : request.url.slice(0, query);
  try {
    return await route(ctx, request, path);
  } catch (error) {
    ctx.logger.error(`${request.method} ${path} failed`, error);
    return detail(500, "Internal server error");
  }
}

async function route(ctx: CoreContext, request: MockRequest, path: string): Promise<MockAnswer> {
  const match = matchRoute(request.method, path);
  if (!match.ok) {
    if (match.status === 405) return detail(405, "Method Not Allowed", { allow: match.allow });
    return detail(404, "Not Found");
  }
  const operation = match.route.operation;
  // The token routes are the node server's (it answers them before the core); a port-less mock has none.
  if (TOKEN_OPERATIONS.has(operation)) return filesUnavailable();
  if (operation !== "getHealth") {
    const auth = await ctx.checkAuth(headerOf(request.headers, "authorization"));
    if (!auth.ok) return detail(401, auth.detail, { "www-authenticate": "Bearer" });
  }
  const exchange: Exchange = { request, fault: undefined, faultKey: undefined };
  const faultHeader = request.headers[FAULT_HEADER];
  let note: string | undefined;
  // Polls carry the headers of the request they follow (fetch repeats them across a 303): the fault
  // that made the redirect must not strike its own poll.
  if (faultHeader !== undefined && operation !== "pollCompletion") {
    const parsed = parseFault(faultHeader);
    if (!parsed.ok) return detail(400, parsed.detail);
    exchange.fault = parsed.fault;
    exchange.faultKey = headerOf(request.headers, FAULT_KEY_HEADER);
    note = `fault: ${String(faultHeader)}`;
  }
  const answer = await dispatch(ctx, exchange, match.route);
  return note === undefined ? answer : { ...answer, note };
}

function dispatch(ctx: CoreContext, exchange: Exchange, route: Route): Promise<MockAnswer> {
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
    default:
      return dispatchFiles(ctx, exchange, route);
  }
}

/** The files and artifacts operations; the files ones need the storage only the node server has. */
function dispatchFiles(
  ctx: CoreContext,
  exchange: Exchange,
  route: Exclude<
    Route,
    { operation: "createChatCompletion" | "listModels" | "retrieveModel" | "getHealth" | "pollCompletion" }
  >,
): Promise<MockAnswer> {
  if (route.operation === "getArtifact") return getArtifact(ctx, exchange);
  if (route.operation === "listArtifacts") return listArtifacts(ctx, exchange);
  const files = ctx.files;
  if (!files) return Promise.resolve(filesUnavailable());
  switch (route.operation) {
    case "uploadFile":
      return uploadFile(ctx, files, exchange);
    case "listFiles":
      return listFiles(ctx, files, exchange);
    case "retrieveFile":
      return retrieveFile(ctx, files, exchange, route.fileId);
    case "deleteFile":
      return deleteFile(ctx, files, exchange, route.fileId);
    case "retrieveFileByHash":
      return retrieveFileByHash(ctx, files, exchange, route.md5);
    case "createPresignedUrl":
      return createPresignedUrl(ctx, files, exchange);
    case "verifyUpload":
      return verifyUpload(ctx, files, exchange, route.fileId);
    // The token routes are the node server's (it answers them before the core).
    case "putPresignedUpload":
    case "readPublicFile":
      return Promise.resolve(filesUnavailable());
  }
}

const REQUEST_ID_PREFIX = `req_${Array.from(crypto.getRandomValues(new Uint8Array(4)), (byte) =>
  byte.toString(16).padStart(2, "0"),
).join("")}`;
let requestCount = 0;

/** The `x-request-id` of the next answer: unique within this process. */
export function nextRequestId(): string {
  return `${REQUEST_ID_PREFIX}${(++requestCount).toString(36)}`;
}
