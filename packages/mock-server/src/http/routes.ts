/** The operations the server answers. `poll` is the mock's own endpoint for the 303 long-request flow. */
export type Operation = Route["operation"];

export type Route =
  | { operation: "createChatCompletion" }
  | { operation: "listModels" }
  | { operation: "retrieveModel"; model: string }
  | { operation: "getHealth" }
  | { operation: "pollCompletion"; jobId: string };

export type RouteMatch =
  | { ok: true; route: Route }
  | { ok: false; status: 404 }
  | { ok: false; status: 405; allow: string };

export const API_PREFIX = "/v1/openai";
/** The poll URL of a `redirect` fault, under the API base URL. */
export const POLL_PATH = "/_vlmchat/poll/";
export const POLL_PREFIX = `${API_PREFIX}${POLL_PATH}`;
const MODEL_PREFIX = `${API_PREFIX}/models/`;

const GET = "GET, HEAD";

/** Matches a request's method and path (query string already removed) to an operation. */
export function matchRoute(method: string, path: string): RouteMatch {
  const read = method === "GET" || method === "HEAD";
  switch (path) {
    case `${API_PREFIX}/chat/completions`:
      return method === "POST"
        ? { ok: true, route: { operation: "createChatCompletion" } }
        : { ok: false, status: 405, allow: "POST" };
    case `${API_PREFIX}/models`:
      return read ? { ok: true, route: { operation: "listModels" } } : { ok: false, status: 405, allow: GET };
    case "/v1/health":
      return read ? { ok: true, route: { operation: "getHealth" } } : { ok: false, status: 405, allow: GET };
  }
  if (path.startsWith(MODEL_PREFIX)) {
    const model = decodeSegment(path.slice(MODEL_PREFIX.length));
    if (model === undefined) return { ok: false, status: 404 };
    return read
      ? { ok: true, route: { operation: "retrieveModel", model } }
      : { ok: false, status: 405, allow: GET };
  }
  if (path.startsWith(POLL_PREFIX)) {
    const jobId = decodeSegment(path.slice(POLL_PREFIX.length));
    if (jobId === undefined) return { ok: false, status: 404 };
    return read
      ? { ok: true, route: { operation: "pollCompletion", jobId } }
      : { ok: false, status: 405, allow: GET };
  }
  return { ok: false, status: 404 };
}

/** One non-empty path segment, percent-decoded; undefined when it is empty, nested or badly encoded. */
function decodeSegment(raw: string): string | undefined {
  if (raw === "" || raw.includes("/")) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
