import type { IncomingHttpHeaders } from "node:http";

/** Why a request is refused (403), or undefined when the app server may handle it. */
export type GuardResult = { ok: true } | { ok: false; status: 403; detail: string };

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * The app server holds an API key, so it answers only its own page:
 * - `Host` must name this server's port on a loopback name, or DNS rebinding would let any site read
 *   its answers (`attacker.example` resolving to 127.0.0.1);
 * - a request that changes state (anything but GET and HEAD) must come from this server's own `Origin`
 *   (or carry none, as curl does) and have a JSON content type: a cross-site page can send a "simple"
 *   `text/plain` POST without a preflight, and it would spend the key.
 */
export function checkRequest(method: string, headers: IncomingHttpHeaders, port: number): GuardResult {
  const host = headers.host ?? "";
  if (!LOOPBACK_NAMES.some((name) => host === `${name}:${port}`)) {
    return { ok: false, status: 403, detail: `Host '${host}' is not this server (use 127.0.0.1:${port})` };
  }
  if (SAFE_METHODS.has(method)) return { ok: true };
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return { ok: false, status: 403, detail: "Cross-origin requests are not allowed" };
  }
  const type = (headers["content-type"] ?? "").split(";", 1)[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    return {
      ok: false,
      status: 403,
      detail: "A request that changes state must have content-type application/json",
    };
  }
  return { ok: true };
}
