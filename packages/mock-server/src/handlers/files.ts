import type { IncomingMessage } from "node:http";
import { parsePresignedUrlRequest } from "@vlmchat/validation";
import type { Exchange, ServerContext } from "../context";
import { fileResponse } from "../files/file-response";
import type { SaveFailure, StoredFile } from "../files/file-store";
import { readMultipartFile } from "../files/multipart";
import {
  BODY_PARSE_ERROR,
  formatBytes,
  readBody,
  readBodyBytes,
  sendPayloadTooLarge,
  sendRefusal,
} from "../http/body";
import { QueryReader } from "../http/query-params";
import { sendDetail, sendJson } from "../http/respond";
import { PUBLIC_FILE_PREFIX, UPLOAD_PREFIX } from "../http/routes";
import { sendValidationError } from "../http/validation-error";
import { randomHex24 } from "../ids";
import { playReadFault } from "./read-only";

const PURPOSES = ["assistants", "batch", "fine-tune", "vision", "datasets"] as const;
/** How long a public URL made for an answer stays valid. */
const PUBLIC_URL_SECONDS = 3600;
/** A presigned URL's life when the request names none. */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MD5_PATTERN = /^[0-9a-fA-F]{32}$/;

/** `POST /v1/files`: one multipart field `file`; 201 with the stored file. */
export async function uploadFile(ctx: ServerContext, exchange: Exchange): Promise<void> {
  const { req, res } = exchange;
  const query = queryOf(req);
  const purpose = query.oneOf("purpose", PURPOSES, "assistants");
  const wantsPublicUrl = query.boolean("generate_public_url", true);
  if (query.problems.length > 0) return sendValidationError(res, query.problems);
  const body = await readBodyBytes(req, ctx.options.bodyLimit);
  if (body.kind === "too-large") {
    return sendPayloadTooLarge(
      req,
      res,
      ctx.options.bodyLimit,
      "upload larger files through POST /v1/files/presigned-url",
    );
  }
  if (body.kind === "aborted") {
    exchange.note = "client went away during the upload";
    return;
  }
  const part = await readMultipartFile(body.bytes, header(req, "content-type"));
  if (!part.ok) {
    return part.status === 400 ? sendDetail(res, 400, part.detail) : sendValidationError(res, part.detail);
  }
  // As for chat completions, the fault comes after the body is read and checked: it never hides a 422.
  if (await playReadFault(ctx, exchange, "uploadFile")) return;
  const saved = await ctx.files.save(
    { id: newFileId(), filename: part.filename, purpose, createdAt: Date.now() },
    [part.bytes],
  );
  if (!saved.ok) return sendDetail(res, ...refusal(saved.failure));
  sendJson(res, 201, fileResponse(saved.file, wantsPublicUrl ? await publicUrl(ctx, saved.file) : null));
}

/** `GET /v1/files`: newest first, a bare array. */
export async function listFiles(ctx: ServerContext, exchange: Exchange): Promise<void> {
  if (await playReadFault(ctx, exchange, "listFiles")) return;
  const query = queryOf(exchange.req);
  const skip = query.integer("skip", { min: 0, fallback: 0 });
  const limit = query.integer("limit", { min: 1, max: 1000, fallback: 10 });
  if (query.problems.length > 0) return sendValidationError(exchange.res, query.problems);
  sendJson(
    exchange.res,
    200,
    ctx.files.list(skip, limit).map((file) => fileResponse(file)),
  );
}

/** `GET /v1/files/{file_id}`. */
export async function retrieveFile(ctx: ServerContext, exchange: Exchange, fileId: string): Promise<void> {
  if (await playReadFault(ctx, exchange, "retrieveFile")) return;
  const query = queryOf(exchange.req);
  // The Node SDK sends `generate_public_url`, the docs name `public`: either asks for a URL.
  const asked = query.boolean("generate_public_url", false);
  const askedPublic = query.boolean("public", false);
  if (query.problems.length > 0) return sendValidationError(exchange.res, query.problems);
  const file = ctx.files.get(fileId);
  if (!file) return sendDetail(exchange.res, 404, fileNotFound(fileId));
  sendJson(exchange.res, 200, fileResponse(file, asked || askedPublic ? await publicUrl(ctx, file) : null));
}

/** `DELETE /v1/files/{file_id}`: answers the deleted file; its id is a 404 afterwards. */
export async function deleteFile(ctx: ServerContext, exchange: Exchange, fileId: string): Promise<void> {
  if (await playReadFault(ctx, exchange, "deleteFile")) return;
  const file = await ctx.files.delete(fileId);
  if (!file) return sendDetail(exchange.res, 404, fileNotFound(fileId));
  sendJson(exchange.res, 200, fileResponse(file));
}

/** `GET /v1/files/hash/{md5}`: the newest file with these bytes. */
export async function retrieveFileByHash(ctx: ServerContext, exchange: Exchange, md5: string): Promise<void> {
  if (await playReadFault(ctx, exchange, "retrieveFileByHash")) return;
  if (!MD5_PATTERN.test(md5)) {
    return sendValidationError(exchange.res, [
      {
        loc: ["path", "md5"],
        msg: `String should match pattern '${MD5_PATTERN.source}'`,
        type: "string_pattern_mismatch",
        input: md5,
        ctx: { pattern: MD5_PATTERN.source },
      },
    ]);
  }
  const file = ctx.files.findByMd5(md5);
  if (!file) return sendDetail(exchange.res, 404, `File with MD5 ${md5.toLowerCase()} not found`);
  sendJson(exchange.res, 200, fileResponse(file));
}

/** `POST /v1/files/presigned-url`: a signed URL to `PUT` the bytes to, without the API key. */
export async function createPresignedUrl(ctx: ServerContext, exchange: Exchange): Promise<void> {
  const { req, res } = exchange;
  const body = await readBody(req, ctx.options.bodyLimit);
  if (body.kind === "too-large") return sendPayloadTooLarge(req, res, ctx.options.bodyLimit);
  if (body.kind === "aborted") return;
  if (body.kind === "invalid-utf8") return sendDetail(res, 400, BODY_PARSE_ERROR);
  const parsed = parsePresignedUrlRequest(body.text);
  if (!parsed.ok) return sendValidationError(res, parsed.detail);
  if (await playReadFault(ctx, exchange, "createPresignedUrl")) return;
  const { filename, purpose = "assistants", expiration = DEFAULT_EXPIRATION_SECONDS } = parsed.value;
  const id = newFileId();
  const now = Date.now();
  const contentType = "application/octet-stream";
  ctx.presignedUploads.add(id, { filename, purpose, contentType, expiresAt: now + expiration * 1000 });
  const token = await ctx.tokens.sign({ use: "upload", id, exp: now / 1000 + expiration });
  sendJson(res, 200, {
    id,
    url: `${ctx.uploadOrigin}${UPLOAD_PREFIX}${token}`,
    filename,
    content_type: contentType,
    upload_method: "PUT",
    public_url: null,
    created_at: new Date(now).toISOString(),
    expiration,
  });
}

/**
 * `PUT <presigned url>`: the bytes of a presigned upload, streamed into the store (to disk when the
 * store is on disk). The token in the URL is the only credential: an API key is not needed, and a
 * request that carries one is refused.
 */
export async function putPresignedUpload(
  ctx: ServerContext,
  exchange: Exchange,
  token: string,
): Promise<void> {
  const { req, res } = exchange;
  if (req.headers.authorization !== undefined) {
    // S3 refuses a presigned request that also carries an Authorization header; so does the mock, so a
    // client that leaks its API key to the upload URL fails its tests.
    return sendRefusal(
      req,
      res,
      400,
      "Only one auth mechanism allowed: a presigned URL carries its own signature, send no Authorization header",
    );
  }
  const verified = await ctx.tokens.verify(token, "upload");
  if (!verified.ok) return sendRefusal(req, res, 403, `Invalid upload URL: ${verified.detail}`);
  const id = verified.claims.id;
  const pending = ctx.presignedUploads.get(id);
  if (!pending)
    return sendRefusal(req, res, 404, `No upload is waiting for file ${id} (done already, or expired)`);
  const { uploadLimit, capacity } = ctx.files.limits;
  const declared = Number(req.headers["content-length"]);
  if (declared > uploadLimit)
    return sendPayloadTooLarge(req, res, uploadLimit, "the file is larger than the mock takes");
  if (ctx.files.used() + declared > capacity)
    return sendRefusal(req, res, ...full(capacity, ctx.files.used()));
  ctx.presignedUploads.delete(id);
  const saved = await ctx.files.save(
    { id, filename: pending.filename, purpose: pending.purpose, createdAt: Date.now() },
    req.iterator({ destroyOnReturn: false }),
  );
  if (!saved.ok) {
    // The upload can be tried again with the same URL.
    ctx.presignedUploads.add(id, pending);
    if (saved.failure.kind === "aborted" || !req.readable) {
      exchange.note = "client went away during the upload";
      return;
    }
    return sendRefusal(req, res, ...refusal(saved.failure));
  }
  res.writeHead(200, { etag: `"${saved.file.md5}"`, "content-length": 0 });
  res.end();
}

/** `GET /v1/files/verify-upload/{file_id}`: the stored file once its bytes have arrived. */
export async function verifyUpload(ctx: ServerContext, exchange: Exchange, fileId: string): Promise<void> {
  if (await playReadFault(ctx, exchange, "verifyUpload")) return;
  const file = ctx.files.get(fileId);
  if (file) return sendJson(exchange.res, 200, fileResponse(file));
  if (ctx.presignedUploads.get(fileId)) {
    return sendDetail(
      exchange.res,
      404,
      `File ${fileId} has not been uploaded yet: PUT its bytes to the presigned URL first`,
    );
  }
  sendDetail(exchange.res, 404, fileNotFound(fileId));
}

/** `GET <public url>`: a file's bytes, for whoever holds the signed URL. */
export async function readPublicFile(ctx: ServerContext, exchange: Exchange, token: string): Promise<void> {
  const { res } = exchange;
  const verified = await ctx.tokens.verify(token, "read");
  if (!verified.ok) return sendDetail(res, 403, `Invalid file URL: ${verified.detail}`);
  const bytes = await ctx.files.read(verified.claims.id);
  if (!bytes) return sendDetail(res, 404, fileNotFound(verified.claims.id));
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
  res.end(exchange.req.method === "HEAD" ? undefined : bytes);
}

export function fileNotFound(fileId: string): string {
  return `File ${fileId} not found`;
}

async function publicUrl(ctx: ServerContext, file: StoredFile): Promise<string> {
  const token = await ctx.tokens.sign({
    use: "read",
    id: file.id,
    exp: Date.now() / 1000 + PUBLIC_URL_SECONDS,
  });
  return `${ctx.uploadOrigin}${PUBLIC_FILE_PREFIX}${token}`;
}

function refusal(failure: SaveFailure): [number, string] {
  switch (failure.kind) {
    case "too-large":
      return [413, `File too large (limit ${formatBytes(failure.limit)})`];
    case "full":
      return full(failure.capacity, failure.used);
    case "aborted":
      return [400, "The upload was cut short; nothing was stored"];
  }
}

function full(capacity: number, used: number): [number, string] {
  return [
    507,
    `The mock server's file storage is full (${used} of ${capacity} bytes used); delete files, or start it with a larger fileStorage (--file-storage)`,
  ];
}

function newFileId(): string {
  return `file-${randomHex24()}`;
}

function queryOf(req: IncomingMessage): QueryReader {
  const url = req.url ?? "/";
  const at = url.indexOf("?");
  return new QueryReader(new URLSearchParams(at < 0 ? "" : url.slice(at + 1)));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export { queryOf };
