/** What Node adds to uploads and artifacts: MD5 from node:crypto, file paths, saving to a file. */
import { createHash } from "node:crypto";
import { createWriteStream, openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import type { Artifact } from "./artifacts";
import { MediaInputError, VlmChatError } from "./errors";
import type { UploadPlatform } from "./upload-source";

/** MD5 of a Blob's bytes, read as a stream (a file-backed Blob is never in memory whole). */
async function md5(blob: Blob): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of blob.stream() as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest("hex");
}

/** A file path (or `file:` URL) as a Blob that reads the file lazily. */
async function openPath(path: string): Promise<{ blob: Blob; name: string }> {
  const file = path.startsWith("file:") ? fileURLToPath(path) : path;
  try {
    if (!(await stat(file)).isFile())
      throw new MediaInputError(`files.upload(): ${file} is not a regular file`);
    return { blob: await openAsBlob(file), name: basename(file) };
  } catch (error) {
    if (error instanceof MediaInputError) throw error;
    const code = (error as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error);
    throw new MediaInputError(`files.upload(): cannot read ${file}: ${why}`);
  }
}

export const nodeUploads: UploadPlatform = { md5, openPath };

const EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "video/mp4": ".mp4",
  "audio/mpeg": ".mp3",
  "application/pdf": ".pdf",
  "application/octet-stream": ".bin",
};

/**
 * Writes an artifact's bytes to `path`, streaming them; when `path` is a folder, to a file in it named
 * after the artifact (`img_a1b2c3.png`). Resolves to the file written. A `url_` artifact has no bytes
 * here: fetch its `url` yourself.
 */
export async function saveArtifact(artifact: Artifact, path: string): Promise<string> {
  if (artifact.url !== undefined) {
    throw new VlmChatError(`${artifact.id} is a URL artifact: its bytes are at ${artifact.url}`);
  }
  const folder = await stat(path).then(
    (found) => found.isDirectory(),
    () => false,
  );
  const type = artifact.contentType.split(";")[0]?.trim() ?? "";
  const file = folder ? join(path, `${basename(artifact.id)}${EXTENSIONS[type] ?? ""}`) : path;
  await pipeline(
    Readable.fromWeb(artifact.body as import("node:stream/web").ReadableStream),
    createWriteStream(file),
  );
  return file;
}
