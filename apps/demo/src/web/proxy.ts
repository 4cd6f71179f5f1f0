import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** The API routes the page may use, and nothing else: the app server is not an open relay for the key. */
const ALLOWED: readonly { method: string; path: RegExp }[] = [
  { method: "POST", path: /^\/chat\/completions$/ },
  { method: "GET", path: /^\/models$/ },
  { method: "GET", path: /^\/models\/[^/]+$/ },
];

/** Request headers passed on to the API; the browser's cookies and its own authorization are not. */
const FORWARDED_REQUEST_HEADERS = [
  "content-type",
  "accept",
  "x-vlmchat-fault",
  "x-vlmchat-fault-key",
  "idempotency-key",
];
/** Response headers passed back; hop-by-hop headers and the body's encoding are fetch's business. */
const DROPPED_RESPONSE_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-encoding",
  "content-length",
]);

/** Sent on every relayed answer in place of the API's own CORS headers: the page is same-origin only. */
const OWN_POLICY = { "cross-origin-resource-policy": "same-origin", vary: "origin" };

export interface ProxyTarget {
  /** The API's base URL, `…/v1/openai`. */
  readonly baseURL: string;
  /** Added as `Authorization: Bearer …` on the way out; it never goes back to the browser. */
  readonly apiKey: string | undefined;
}

/**
 * Forwards `/api/v1/openai/<path>` to the API: the request body and the answer (a JSON body or an SSE
 * stream) flow through without being buffered, and a browser that goes away cancels the upstream request.
 * Returns false when the route is not one the page may use.
 */
export async function proxyToApi(
  target: ProxyTarget,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  bodyLimit: number,
): Promise<boolean> {
  const pathname = normalisedPath(path);
  if (pathname === undefined) return false;
  const query = path.includes("?") ? path.slice(path.indexOf("?")) : "";
  if (!ALLOWED.some((route) => route.method === req.method && route.path.test(pathname))) return false;

  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  if (target.apiKey) headers.set("authorization", `Bearer ${target.apiKey}`);

  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // Read whole before anything is sent, so an oversize body never reaches the API at all.
  const body = hasBody ? await readBody(req, bodyLimit) : undefined;
  if (body === "too-large") {
    res.shouldKeepAlive = false;
    sendJson(res, 413, { detail: `Request body too large (limit ${bodyLimit} bytes)` });
    return true;
  }
  if (body === "aborted") return true;
  let upstream: Response;
  try {
    upstream = await fetch(`${target.baseURL}${pathname}${query}`, {
      method: req.method,
      headers,
      signal: abort.signal,
      redirect: "manual",
      ...(body ? { body } : {}),
    });
  } catch (error) {
    if (abort.signal.aborted) return true;
    sendJson(res, 502, {
      detail: `The API at ${new URL(target.baseURL).origin} could not be reached: ${reason(error)}`,
    });
    return true;
  }

  const outHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name) && !name.startsWith("access-control-")) outHeaders[name] = value;
  });
  Object.assign(outHeaders, OWN_POLICY);
  if (upstream.headers.get("content-type")?.startsWith("text/event-stream")) {
    // Proxies between here and the browser must not hold the stream back.
    outHeaders["cache-control"] = "no-cache";
    outHeaders["x-accel-buffering"] = "no";
  }
  res.writeHead(upstream.status, outHeaders);
  res.flushHeaders();
  if (!upstream.body) {
    res.end();
    return true;
  }
  try {
    await pipeline(Readable.fromWeb(upstream.body as import("node:stream/web").ReadableStream), res);
  } catch {
    // The browser left or the API cut the stream: either way the response is over.
    res.destroy();
  }
  return true;
}

/**
 * The path below `/api/v1/openai`, decoded segment by segment, or undefined when it could reach
 * another route than the one checked: a backslash (fetch's URL parser reads it as `/`), a dot-segment
 * (`..`, `%2e%2e`), an encoded slash or a bad escape.
 */
function normalisedPath(path: string): string | undefined {
  const raw = path.split("?", 1)[0] ?? "";
  if (raw.includes("\\") || /%5c|%2f/i.test(raw)) return undefined;
  const segments: string[] = [];
  for (const segment of raw.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (decoded === "." || decoded === ".." || decoded.includes("\\")) return undefined;
    segments.push(segment);
  }
  return segments.join("/");
}

/** The request body, up to `limit` bytes; refused at once when `content-length` is over it. */
async function readBody(req: IncomingMessage, limit: number): Promise<Blob | "too-large" | "aborted"> {
  if (Number(req.headers["content-length"]) > limit) return "too-large";
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Uint8Array<ArrayBuffer>>) {
      size += chunk.length;
      if (size > limit) return "too-large";
      chunks.push(chunk);
    }
  } catch {
    return "aborted";
  }
  return new Blob(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
