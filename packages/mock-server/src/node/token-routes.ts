import type { IncomingMessage, ServerResponse } from "node:http";
import type { FileServices } from "../context";
import { fileNotFound, refusal, storageFull } from "../handlers/files";
import { detail } from "../http/respond";
import { sendPayloadTooLarge, sendRefusal } from "./body";
import { writeResponse } from "./write";

/**
 * The routes a signed token in the URL authorises (no API key, no fault): they stay on `node:http`,
 * because an upload is streamed into the store as it arrives rather than read whole first.
 */

/**
 * `PUT <presigned url>`: the bytes of a presigned upload, streamed into the store (to disk when the
 * store is on disk). The token in the URL is the only credential: an API key is not needed, and a
 * request that carries one is refused. Answers a note for the request log.
 */
export async function putPresignedUpload(
  files: FileServices,
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
): Promise<string | undefined> {
  if (req.headers.authorization !== undefined) {
    // S3 refuses a presigned request that also carries an Authorization header; so does the mock, so a
    // client that leaks its API key to the upload URL fails its tests.
    sendRefusal(
      req,
      res,
      400,
      "Only one auth mechanism allowed: a presigned URL carries its own signature, send no Authorization header",
    );
    return undefined;
  }
  const verified = await files.tokens.verify(token, "upload");
  if (!verified.ok) {
    sendRefusal(req, res, 403, `Invalid upload URL: ${verified.detail}`);
    return undefined;
  }
  const id = verified.claims.id;
  const pending = files.presignedUploads.get(id);
  if (!pending) {
    sendRefusal(req, res, 404, `No upload is waiting for file ${id} (done already, or expired)`);
    return undefined;
  }
  const { uploadLimit, capacity } = files.store.limits;
  const declared = Number(req.headers["content-length"]);
  if (declared > uploadLimit) {
    sendPayloadTooLarge(req, res, uploadLimit, "the file is larger than the mock takes");
    return undefined;
  }
  if (files.store.used() + declared > capacity) {
    sendRefusal(req, res, ...storageFull(capacity, files.store.used()));
    return undefined;
  }
  files.presignedUploads.delete(id);
  const saved = await files.store.save(
    { id, filename: pending.filename, purpose: pending.purpose, createdAt: Date.now() },
    req.iterator({ destroyOnReturn: false }),
  );
  if (!saved.ok) {
    // The upload can be tried again with the same URL.
    files.presignedUploads.add(id, pending);
    if (saved.failure.kind === "aborted" || !req.readable) return "client went away during the upload";
    sendRefusal(req, res, ...refusal(saved.failure));
    return undefined;
  }
  res.writeHead(200, { etag: `"${saved.file.md5}"`, "content-length": 0 });
  res.end();
  return undefined;
}

/** `GET <public url>`: a file's bytes, for whoever holds the signed URL. */
export async function readPublicFile(files: FileServices, res: ServerResponse, token: string): Promise<void> {
  const verified = await files.tokens.verify(token, "read");
  if (!verified.ok) return writeResponse(res, detail(403, `Invalid file URL: ${verified.detail}`));
  const bytes = await files.store.read(verified.claims.id);
  if (!bytes) return writeResponse(res, detail(404, fileNotFound(verified.claims.id)));
  // A HEAD request gets the headers only: node:http drops the body.
  writeResponse(res, {
    status: 200,
    headers: { "content-type": "application/octet-stream", "content-length": String(bytes.length) },
    body: bytes,
  });
}
