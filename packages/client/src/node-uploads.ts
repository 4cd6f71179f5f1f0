/** What Node adds to uploads and artifacts: MD5 from node:crypto, file paths, saving to a file. */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { fileURLToPath } from "node:url";
import type { Artifact } from "./artifacts";
import { MediaInputError, VlmChatError } from "./errors";
import { iterableStream, type OpenedPath, type UploadPlatform } from "./upload-source";

/** MD5 of the bytes, read as a stream (a file is never in memory whole). */
async function md5(bytes: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of bytes as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * A file path (or `file:` URL): its name and size, and reads of it as streams, a chunk per pull. (Not
 * `fs.openAsBlob`, whose streams keep the file handle open after they end in Node 20, nor
 * `Readable.toWeb`, which reads ahead without bound: both seen here.)
 */
async function openPath(path: string): Promise<OpenedPath> {
  const file = path.startsWith("file:") ? fileURLToPath(path) : path;
  try {
    const found = await stat(file);
    if (!found.isFile()) throw new MediaInputError(`files.upload(): ${file} is not a regular file`);
    const open = () => iterableStream(createReadStream(file));
    return { name: basename(file), size: found.size, open };
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
  try {
    await pipeline(Readable.fromWeb(artifact.body as NodeReadableStream), createWriteStream(file));
  } catch (error) {
    // Nothing half-written stays behind.
    await rm(file, { force: true }).catch(() => {});
    if (error instanceof VlmChatError) throw error;
    throw new VlmChatError(`saveArtifact(): cannot write ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return file;
}
