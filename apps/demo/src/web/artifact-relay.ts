import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { apiRoot } from "@vlmchat/client";
import type { ProxyTarget } from "./proxy";
import { sendJson } from "./proxy";

/** What the page may ask for: one artifact of one session, by its id. Nothing else reaches the API. */
const PARAMS: Record<string, RegExp> = {
  session_id: /^[\w-]{1,128}$/,
  object_id: /^(?:img|aud|vid|doc|recon|arr|url)_\w{6}$/,
};

/**
 * Bytes the page may be handed. A type that a browser would run as a page (HTML, SVG, …) is refused,
 * so an artifact can never script the demo's origin; the answer is also sandboxed and not sniffed.
 */
const SAFE_TYPES =
  /^(?:image\/(?:png|jpeg|gif|webp)|video\/mp4|audio\/mpeg|application\/pdf|application\/octet-stream|text\/plain|application\/json)(?:;|$)/;

const OWN_HEADERS = {
  "cross-origin-resource-policy": "same-origin",
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox; default-src 'none'",
  "cache-control": "private, no-store",
};

/**
 * `GET /api/v1/artifacts?session_id=…&object_id=…`, relayed to the API's `/v1/artifacts` with the key:
 * the query is rebuilt from the two checked parameters (any other, repeated or malformed one is a 400),
 * no redirect is followed, and only safe content types come back.
 */
export async function relayArtifact(
  target: ProxyTarget,
  query: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== "GET") return sendJson(res, 405, { detail: "Method Not Allowed" });
  const given = new URLSearchParams(query);
  const checked = new URLSearchParams();
  for (const [name, value] of given) {
    const pattern = PARAMS[name];
    if (!pattern || checked.has(name) || !pattern.test(value)) {
      return sendJson(res, 400, { detail: `Bad artifact parameter ${JSON.stringify(name)}` });
    }
    checked.set(name, value);
  }
  if (!checked.has("session_id") || !checked.has("object_id")) {
    return sendJson(res, 400, { detail: "session_id and object_id are required" });
  }
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  let upstream: Response;
  try {
    upstream = await fetch(`${apiRoot(target.baseURL)}/v1/artifacts?${checked}`, {
      headers: target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {},
      signal: abort.signal,
      redirect: "manual",
    });
  } catch {
    if (!abort.signal.aborted) sendJson(res, 502, { detail: "The API could not be reached" });
    return;
  }
  const type = upstream.headers.get("content-type") ?? "";
  if (!SAFE_TYPES.test(type)) {
    await upstream.body?.cancel();
    return sendJson(res, 502, { detail: `The API answered a type the page is not given: ${type || "none"}` });
  }
  res.writeHead(upstream.status, { ...OWN_HEADERS, "content-type": type });
  if (!upstream.body) {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(upstream.body as import("node:stream/web").ReadableStream), res);
  } catch {
    res.destroy();
  }
}
