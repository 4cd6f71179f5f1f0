import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from "node:http";
import { request as httpsRequest } from "node:https";
import { parseChatCompletionRequest } from "@vlmchat/validation/request";
import { createParser } from "eventsource-parser";
import { checkRequestTarget } from "../http/request-target";
import { detail } from "../http/respond";
import { matchRoute, type Operation } from "../http/routes";
import { readBodyBytes, sendPayloadTooLarge } from "../node/body";
import type { NodeExchange as Exchange, ServerContext } from "../node/context";
import { writeResponse } from "../node/write";
import { checkResponse } from "./response-check";
import { StreamChecker } from "./stream-checker";
import { fromDetail, VIOLATIONS_HEADER, type Violation, violationsHeaderValue } from "./violations";

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), plus the mock's own. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "accept-encoding",
]);

/** Largest upstream answer buffered for checking; a bigger one is relayed and reported unchecked. */
const RESPONSE_CHECK_LIMIT = 64 * 1024 * 1024;

/**
 * Proxy mode: forwards the request to the upstream with the caller's bearer token (or the configured
 * one), relays the answer byte for byte, and checks both against the spec. A JSON answer is buffered
 * so its violation count can go in the `x-vlmchat-violations` header; a stream is relayed as it comes
 * and its count goes in a trailer of the same name (headers are gone by then). Every violation is also
 * appended to the JSON-lines log.
 */
export async function forwardToUpstream(
  ctx: ServerContext,
  exchange: Exchange,
  requestId: string,
): Promise<void> {
  const { req, res } = exchange;
  const upstream = ctx.options.upstream as URL;
  const checked = checkRequestTarget(req.url ?? "/");
  if (!checked.ok) return writeResponse(res, detail(400, checked.detail));
  const { path, query } = checked;
  // Built from a checked path and compared again: nothing but the configured origin is ever asked.
  const target = new URL(`${upstream.pathname.replace(/\/$/, "")}${path}${query}`, upstream.origin);
  if (target.origin !== upstream.origin) return writeResponse(res, detail(400, "Invalid request target"));
  const body = await readBodyBytes(req, ctx.options.bodyLimit);
  if (body.kind === "too-large") return sendPayloadTooLarge(req, res, ctx.options.bodyLimit);
  if (body.kind === "aborted") return;

  const match = matchRoute(req.method ?? "", path);
  const operation: Operation | undefined = match.ok ? match.route.operation : undefined;
  const violations: Violation[] = [];
  let expectations = { stream: false, choices: 1, includeUsage: false };
  if (operation === "createChatCompletion") {
    const parsed = parseChatCompletionRequest(body.bytes.toString("utf8"));
    if (!parsed.ok) violations.push(...fromDetail("request", parsed.detail));
    else {
      expectations = {
        stream: parsed.value.stream === true,
        choices: parsed.value.n ?? 1,
        includeUsage: parsed.value.stream_options?.include_usage === true,
      };
    }
  }

  const headers = forwardedHeaders(req.headers, ctx.options.upstreamToken, body.bytes.length);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const upstreamReq = send(target, { method: req.method, headers });
  res.once("close", () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });

  let upstreamRes: IncomingMessage;
  try {
    upstreamRes = await new Promise<IncomingMessage>((resolve, reject) => {
      upstreamReq.once("response", resolve);
      upstreamReq.once("error", reject);
      upstreamReq.end(body.bytes);
    });
  } catch (error) {
    if (res.destroyed) return;
    return writeResponse(
      res,
      detail(502, `Upstream ${upstream.origin} did not answer: ${(error as Error).message}`),
    );
  }
  upstreamReq.on("error", () => {});
  const status = upstreamRes.statusCode ?? 502;
  const record = { requestId, method: req.method ?? "?", path, status };
  const isStream = /^text\/event-stream\b/i.test(upstreamRes.headers["content-type"] ?? "");

  if (isStream) {
    if (operation === "createChatCompletion" && !expectations.stream) {
      violations.push({
        where: "response",
        msg: "an event stream answered a request without stream: true",
        type: "stream_unexpected",
      });
    }
    res.writeHead(status, { ...relayedHeaders(upstreamRes.headers), trailer: VIOLATIONS_HEADER });
    const checker = new StreamChecker({
      choices: expectations.choices,
      includeUsage: expectations.includeUsage,
    });
    const decoder = new TextDecoder();
    const parser = createParser({ onEvent: (event) => checker.event(event.data) });
    res.on("drain", () => upstreamRes.resume());
    upstreamRes.on("data", (chunk: Buffer) => {
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (!res.write(chunk)) upstreamRes.pause();
    });
    await new Promise<void>((resolve) => {
      upstreamRes.once("end", resolve);
      upstreamRes.once("close", resolve);
    });
    parser.feed(decoder.decode());
    // A last line without its newline is read too; an event without its blank line is dropped (WHATWG).
    parser.reset({ consume: true });
    violations.push(...checker.end());
    ctx.violationLog?.write(record, violations);
    exchange.note = `${violations.length} violations`;
    if (!upstreamRes.complete) {
      // The upstream cut its stream: so does the proxy, or the client would see a clean end.
      res.destroy();
    } else if (!res.destroyed) {
      res.addTrailers({ [VIOLATIONS_HEADER]: violationsHeaderValue(violations) });
      res.end();
    }
    return;
  }

  const chunks: Buffer[] = [];
  let size = 0;
  // One iterator for both loops: leaving a for-await early would destroy the stream mid-answer.
  const pieces = (upstreamRes as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  for (let piece = await pieces.next(); !piece.done; piece = await pieces.next()) {
    size += piece.value.length;
    chunks.push(piece.value);
    if (size > RESPONSE_CHECK_LIMIT) {
      return relayUnchecked(ctx, exchange, upstreamRes, pieces, chunks, record);
    }
  }
  const responseBody = Buffer.concat(chunks);
  if (operation !== undefined) {
    if (operation === "createChatCompletion" && expectations.stream && status === 200) {
      violations.push({
        where: "response",
        msg: "stream: true was answered with JSON, not an event stream",
        type: "stream_missing",
      });
    }
    violations.push(
      ...checkResponse(
        operation,
        status,
        { location: upstreamRes.headers.location, contentType: upstreamRes.headers["content-type"] },
        responseBody.toString("utf8"),
      ),
    );
  }
  ctx.violationLog?.write(record, violations);
  exchange.note = `${violations.length} violations`;
  if (res.destroyed) return;
  res.writeHead(status, {
    ...relayedHeaders(upstreamRes.headers),
    ...proxiedLocation(upstreamRes.headers.location, upstream, ctx.origin),
    "content-length": responseBody.length,
    [VIOLATIONS_HEADER]: violationsHeaderValue(violations),
  });
  res.end(responseBody);
}

/**
 * An answer over the check limit is relayed whole, unchecked, with a notice in the log: buffering it
 * would cost unbounded memory, and cutting it would hand the client a truncated body.
 */
async function relayUnchecked(
  ctx: ServerContext,
  exchange: Exchange,
  upstreamRes: IncomingMessage,
  rest: AsyncIterator<Buffer>,
  head: Buffer[],
  record: { requestId: string; method: string; path: string; status: number },
): Promise<void> {
  const { res } = exchange;
  const upstream = ctx.options.upstream as URL;
  const msg = `body larger than ${RESPONSE_CHECK_LIMIT} bytes: relayed unchecked`;
  ctx.violationLog?.write(record, [{ where: "response", msg, type: "too_large" }]);
  ctx.logger.info(`${record.method} ${record.path}: ${msg}`, { requestId: record.requestId });
  exchange.note = msg;
  if (res.destroyed) {
    upstreamRes.destroy();
    return;
  }
  res.writeHead(record.status, {
    ...relayedHeaders(upstreamRes.headers),
    ...(upstreamRes.headers["content-length"] === undefined
      ? {}
      : { "content-length": upstreamRes.headers["content-length"] }),
    ...proxiedLocation(upstreamRes.headers.location, upstream, ctx.origin),
  });
  for (const chunk of head) res.write(chunk);
  for (let piece = await rest.next(); !piece.done; piece = await rest.next()) {
    if (!res.write(piece.value)) await new Promise((resolve) => res.once("drain", resolve));
    if (res.destroyed) {
      upstreamRes.destroy();
      return;
    }
  }
  if (upstreamRes.complete) res.end();
  else res.destroy();
}

function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  token: string | undefined,
  length: number,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name.startsWith("x-vlmchat-")) continue;
    out[name] = value;
  }
  if (token !== undefined) out.authorization = `Bearer ${token}`;
  // Identity, so the proxy can read what it checks; the bytes relayed are the upstream's own.
  out["accept-encoding"] = "identity";
  out["content-length"] = length;
  return out;
}

/** A redirect to the upstream (the 303 long-request flow) must come back through the proxy to be checked. */
function proxiedLocation(location: string | undefined, upstream: URL, origin: string): OutgoingHttpHeaders {
  if (!location?.startsWith(upstream.origin)) return {};
  return { location: `${origin}${location.slice(upstream.origin.length)}` };
}

function relayedHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = value;
  }
  return out;
}
