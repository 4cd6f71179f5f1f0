/** The operations the server answers. `poll` is the mock's own endpoint for the 303 long-request flow. */
export type Operation = Route["operation"];

export type Route =
  | { operation: "createChatCompletion" }
  | { operation: "listModels" }
  | { operation: "retrieveModel"; model: string }
  | { operation: "getHealth" }
  | { operation: "pollCompletion"; jobId: string }
  | { operation: "uploadFile" }
  | { operation: "listFiles" }
  | { operation: "retrieveFile"; fileId: string }
  | { operation: "deleteFile"; fileId: string }
  | { operation: "retrieveFileByHash"; md5: string }
  | { operation: "createPresignedUrl" }
  | { operation: "verifyUpload"; fileId: string }
  | { operation: "getArtifact" }
  | { operation: "listArtifacts" }
  /** The mock's own: where a presigned upload's bytes are `PUT` (the token is the credential). */
  | { operation: "putPresignedUpload"; token: string }
  /** The mock's own: a file's `public_url` (the token is the credential). */
  | { operation: "readPublicFile"; token: string };

/** Routes authorised by a signed token in their URL, never by the API key; served on `uploadPort` when set. */
export const TOKEN_OPERATIONS: ReadonlySet<Operation> = new Set(["putPresignedUpload", "readPublicFile"]);

export type RouteMatch =
  | { ok: true; route: Route }
  | { ok: false; status: 404 }
  | { ok: false; status: 405; allow: string };

export const API_PREFIX = "/v1/openai";
/** The poll URL of a `redirect` fault, under the API base URL. */
export const POLL_PATH = "/_vlmchat/poll/";
export const POLL_PREFIX = `${API_PREFIX}${POLL_PATH}`;
const MODEL_PREFIX = `${API_PREFIX}/models/`;
const FILES = "/v1/files";
export const UPLOAD_PREFIX = "/_vlmchat/upload/";
export const PUBLIC_FILE_PREFIX = "/_vlmchat/files/";

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
    case FILES:
      if (method === "POST") return { ok: true, route: { operation: "uploadFile" } };
      return read
        ? { ok: true, route: { operation: "listFiles" } }
        : { ok: false, status: 405, allow: `${GET}, POST` };
    case `${FILES}/presigned-url`:
      return method === "POST"
        ? { ok: true, route: { operation: "createPresignedUrl" } }
        : { ok: false, status: 405, allow: "POST" };
    case "/v1/artifacts":
      return read
        ? { ok: true, route: { operation: "getArtifact" } }
        : { ok: false, status: 405, allow: GET };
    case "/v1/artifacts/list":
      return read
        ? { ok: true, route: { operation: "listArtifacts" } }
        : { ok: false, status: 405, allow: GET };
  }
  if (path.startsWith(`${FILES}/`)) return matchFileRoute(method, path.slice(FILES.length + 1));
  if (path.startsWith(UPLOAD_PREFIX)) {
    const token = decodeSegment(path.slice(UPLOAD_PREFIX.length));
    if (token === undefined) return { ok: false, status: 404 };
    return method === "PUT"
      ? { ok: true, route: { operation: "putPresignedUpload", token } }
      : { ok: false, status: 405, allow: "PUT" };
  }
  if (path.startsWith(PUBLIC_FILE_PREFIX)) {
    const token = decodeSegment(path.slice(PUBLIC_FILE_PREFIX.length));
    if (token === undefined) return { ok: false, status: 404 };
    return read
      ? { ok: true, route: { operation: "readPublicFile", token } }
      : { ok: false, status: 405, allow: GET };
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

/** `/v1/files/{file_id}`, `/v1/files/hash/{md5}`, `/v1/files/verify-upload/{file_id}` (after `/v1/files/`). */
function matchFileRoute(method: string, rest: string): RouteMatch {
  const read = method === "GET" || method === "HEAD";
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const kind = rest.slice(0, slash);
    const value = decodeSegment(rest.slice(slash + 1));
    if (value === undefined || (kind !== "hash" && kind !== "verify-upload"))
      return { ok: false, status: 404 };
    if (!read) return { ok: false, status: 405, allow: GET };
    return kind === "hash"
      ? { ok: true, route: { operation: "retrieveFileByHash", md5: value } }
      : { ok: true, route: { operation: "verifyUpload", fileId: value } };
  }
  const fileId = decodeSegment(rest);
  if (fileId === undefined) return { ok: false, status: 404 };
  if (read) return { ok: true, route: { operation: "retrieveFile", fileId } };
  if (method === "DELETE") return { ok: true, route: { operation: "deleteFile", fileId } };
  return { ok: false, status: 405, allow: `${GET}, DELETE` };
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
