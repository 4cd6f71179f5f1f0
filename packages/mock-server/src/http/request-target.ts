/** A request target the server may act on: an origin-form path, and its query (with its `?`, or ""). */
export type RequestTarget = { ok: true; path: string; query: string } | { ok: false; detail: string };

/**
 * Checks a request line's target before anything is done with it. Only the origin form (`/path?query`)
 * is accepted: an absolute URL (`http://host/x`), a target starting with `//` (a network-path
 * reference, which a URL parser resolves to another host), a backslash (which WHATWG URL parsers read
 * as `/`) or a dot-segment (`.`, `..`), raw or percent-encoded, is refused. Built from such a target, a
 * forwarded URL could leave the configured upstream, token and all.
 */
export function checkRequestTarget(target: string): RequestTarget {
  const queryAt = target.indexOf("?");
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? "" : target.slice(queryAt);
  if (!path.startsWith("/") || path.startsWith("//")) {
    return { ok: false, detail: "Invalid request target: only a path starting with a single / is accepted" };
  }
  if (/\\|%5c/i.test(target)) {
    return { ok: false, detail: "Invalid request target: a backslash is not allowed" };
  }
  const segments = path.split("/").map((segment) => segment.replace(/%2e/gi, "."));
  if (segments.some((segment) => segment === "." || segment === "..") || /%2f/i.test(path)) {
    return { ok: false, detail: "Invalid request target: dot-segments and encoded slashes are not allowed" };
  }
  return { ok: true, path, query };
}
