import { parsePresignedUrlRequest } from "@vlmchat/validation";
import type { CoreContext, Exchange, FileServices } from "../context";
import { headerOf, type MockAnswer } from "../core/message";
import { fileResponse } from "../files/file-response";
import type { SaveFailure, StoredFile } from "../files/file-store";
import { readMultipartFile } from "../files/multipart";
import { QueryReader } from "../http/query-params";
import { BODY_PARSE_ERROR, decodeUtf8, detail, formatBytes, json } from "../http/respond";
import { PUBLIC_FILE_PREFIX, UPLOAD_PREFIX } from "../http/routes";
import { validationError } from "../http/validation-error";
import { randomHex24 } from "../ids";
import { playReadFault } from "./read-only";

const PURPOSES = ["assistants", "batch", "fine-tune", "vision", "datasets"] as const;
/** How long a public URL made for an answer stays valid. */
const PUBLIC_URL_SECONDS = 3600;
/** A presigned URL's life when the request names none. */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MD5_PATTERN = /^[0-9a-fA-F]{32}$/;

/** What the files operations answer on a mock without file storage (`createMockFetch`, MSW). */
export const FILES_UNAVAILABLE =
  "Files are served by startMockServer / the CLI only, not by the port-less mock";

export function filesUnavailable(): MockAnswer {
  return detail(501, FILES_UNAVAILABLE);
}

/** `POST /v1/files`: one multipart field `file`; 201 with the stored file. */
export async function uploadFile(
  ctx: CoreContext,
  files: FileServices,
  exchange: Exchange,
): Promise<MockAnswer> {
  const { request } = exchange;
  const query = queryOf(request.url);
  const purpose = query.oneOf("purpose", PURPOSES, "assistants");
  const wantsPublicUrl = query.boolean("generate_public_url", true);
  if (query.problems.length > 0) return validationError(query.problems);
  const part = await readMultipartFile(request.body, headerOf(request.headers, "content-type"));
  if (!part.ok) return part.status === 400 ? detail(400, part.detail) : validationError(part.detail);
  // As for chat completions, the fault comes after the body is read and checked: it never hides a 422.
  const faulted = await playReadFault(ctx, exchange, "uploadFile");
  if (faulted) return faulted;
  const saved = await files.store.save(
    { id: newFileId(), filename: part.filename, purpose, createdAt: Date.now() },
    [part.bytes],
  );
  if (!saved.ok) return detail(...refusal(saved.failure));
  return json(201, fileResponse(saved.file, wantsPublicUrl ? await publicUrl(files, saved.file) : null));
}

/** `GET /v1/files`: newest first, a bare array. */
export async function listFiles(
  ctx: CoreContext,
  files: FileServices,
  exchange: Exchange,
): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "listFiles");
  if (faulted) return faulted;
  const query = queryOf(exchange.request.url);
  const skip = query.integer("skip", { min: 0, fallback: 0 });
  const limit = query.integer("limit", { min: 1, max: 1000, fallback: 10 });
  if (query.problems.length > 0) return validationError(query.problems);
  return json(
    200,
    files.store.list(skip, limit).map((file) => fileResponse(file)),
  );
}

/** `GET /v1/files/{file_id}`. */
export async function retrieveFile(
  ctx: CoreContext,
  files: FileServices,
  exchange: Exchange,
  fileId: string,
): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "retrieveFile");
  if (faulted) return faulted;
  const query = queryOf(exchange.request.url);
  // The Node SDK sends `generate_public_url`, the docs name `public`: either asks for a URL.
  const asked = query.boolean("generate_public_url", false);
  const askedPublic = query.boolean("public", false);
  if (query.problems.length > 0) return validationError(query.problems);
  const file = files.store.get(fileId);
  if (!file) return detail(404, fileNotFound(fileId));
  return json(200, fileResponse(file, asked || askedPublic ? await publicUrl(files, file) : null));
}

/** `DELETE /v1/files/{file_id}`: answers the deleted file; its id is a 404 afterwards. */
export async function deleteFile(
  ctx: CoreContext,
  files: FileServices,
  exchange: Exchange,
  fileId: string,
): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "deleteFile");
  if (faulted) return faulted;
  const file = await files.store.delete(fileId);
  if (!file) return detail(404, fileNotFound(fileId));
  return json(200, fileResponse(file));
}

/** `GET /v1/files/hash/{md5}`: the newest file with these bytes. */
export async function retrieveFileByHash(
  ctx: CoreContext,
  files: FileServices,
  exchange: Exchange,
  md5: string,
): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "retrieveFileByHash");
  if (faulted) return faulted;
  if (!MD5_PATTERN.test(md5)) {
    return validationError([
      {
        loc: ["path", "md5"],
        msg: `String should match pattern '${MD5_PATTERN.source}'`,
        type: "string_pattern_mismatch",
        input: md5,
        ctx: { pattern: MD5_PATTERN.source },
      },
    ]);
  }
  const file = files.store.findByMd5(md5);
  if (!file) return detail(404, `File with MD5 ${md5.toLowerCase()} not found`);
  return json(200, fileResponse(file));
}

/** `POST /v1/files/presigned-url`: a signed URL to `PUT` the bytes to, without the API key. */
export async function createPresignedUrl(
  ctx: CoreContext,
  files: FileServices,
  exchange: Exchange,
): Promise<MockAnswer> {
  const text = decodeUtf8(exchange.request.body);
  if (text === undefined) return detail(400, BODY_PARSE_ERROR);
  const parsed = parsePresignedUrlRequest(text);
  if (!parsed.ok) return validationError(parsed.detail);
  const faulted = await playReadFault(ctx, exchange, "createPresignedUrl");
  if (faulted) return faulted;
  const { filename, purpose = "assistants", expiration = DEFAULT_EXPIRATION_SECONDS } = parsed.value;
  const id = newFileId();
  const now = Date.now();
  const contentType = "application/octet-stream";
  files.presignedUploads.add(id, { filename, purpose, contentType, expiresAt: now + expiration * 1000 });
  const token = await files.tokens.sign({ use: "upload", id, exp: now / 1000 + expiration });
  return json(200, {
    id,
    url: `${files.uploadOrigin}${UPLOAD_PREFIX}${token}`,
    filename,
    content_type: contentType,
    upload_method: "PUT",
    public_url: null,
    created_at: new Date(now).toISOString(),
    expiration,
  });
}

/** `GET /v1/files/verify-upload/{file_id}`: the stored file once its bytes have arrived. */
export async function verifyUpload(
  ctx: CoreContext,
  files: FileServices,
  exchange: Exchange,
  fileId: string,
): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "verifyUpload");
  if (faulted) return faulted;
  const file = files.store.get(fileId);
  if (file) return json(200, fileResponse(file));
  if (files.presignedUploads.get(fileId)) {
    return detail(404, `File ${fileId} has not been uploaded yet: PUT its bytes to the presigned URL first`);
  }
  return detail(404, fileNotFound(fileId));
}

export function fileNotFound(fileId: string): string {
  return `File ${fileId} not found`;
}

async function publicUrl(files: FileServices, file: StoredFile): Promise<string> {
  const token = await files.tokens.sign({
    use: "read",
    id: file.id,
    exp: Date.now() / 1000 + PUBLIC_URL_SECONDS,
  });
  return `${files.uploadOrigin}${PUBLIC_FILE_PREFIX}${token}`;
}

/** The status and message of a refused save. */
export function refusal(failure: SaveFailure): [number, string] {
  switch (failure.kind) {
    case "too-large":
      return [413, `File too large (limit ${formatBytes(failure.limit)})`];
    case "full":
      return storageFull(failure.capacity, failure.used);
    case "aborted":
      return [400, "The upload was cut short; nothing was stored"];
  }
}

export function storageFull(capacity: number, used: number): [number, string] {
  return [
    507,
    `The mock server's file storage is full (${used} of ${capacity} bytes used); delete files, or start it with a larger fileStorage (--file-storage)`,
  ];
}

function newFileId(): string {
  return `file-${randomHex24()}`;
}

/** The query parameters of a request target. */
export function queryOf(url: string): QueryReader {
  const at = url.indexOf("?");
  return new QueryReader(new URLSearchParams(at < 0 ? "" : url.slice(at + 1)));
}
