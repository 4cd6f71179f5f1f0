import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** One stored file's record. */
export interface StoredFile {
  id: string;
  filename: string;
  bytes: number;
  purpose: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** MD5 of the bytes, lower-case hex (the hash lookup's key). */
  md5: string;
}

/** What a refused save says: which bound it passed, or that the source failed. */
export type SaveFailure =
  | { kind: "too-large"; limit: number }
  | { kind: "full"; capacity: number; used: number }
  | { kind: "aborted" };

export type SaveResult = { ok: true; file: StoredFile } | { ok: false; failure: SaveFailure };

export interface FileStoreLimits {
  /** Largest single file, in bytes. */
  uploadLimit: number;
  /** Bytes of all files together; past it uploads are refused (nothing is evicted). */
  capacity: number;
}

/**
 * Uploaded files, in memory or in a directory. A save counts and hashes the bytes as they come and
 * reserves them against the capacity as they arrive, so two uploads at once cannot overfill it; a save
 * that fails anywhere (a limit, a source that errors) leaves nothing behind.
 */
export interface FileStore {
  save(
    meta: Omit<StoredFile, "bytes" | "md5">,
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<SaveResult>;
  get(id: string): StoredFile | undefined;
  /** The newest file whose bytes have this MD5. */
  findByMd5(md5: string): StoredFile | undefined;
  /** Newest first. */
  list(skip: number, limit: number): StoredFile[];
  /** Up to `max` first bytes of a file (what sniffing and image sizes need). */
  head(id: string, max: number): Promise<Uint8Array | undefined>;
  /** The whole file. */
  read(id: string): Promise<Uint8Array | undefined>;
  delete(id: string): Promise<StoredFile | undefined>;
  readonly limits: FileStoreLimits;
  /** Bytes held (and reserved by uploads in progress). */
  used(): number;
}

/** Where the bytes go: the two stores differ only here. */
interface Backend {
  begin(id: string): Promise<Sink>;
  head(id: string, max: number): Promise<Uint8Array | undefined>;
  read(id: string): Promise<Uint8Array | undefined>;
  remove(file: StoredFile): Promise<void>;
}

interface Sink {
  write(chunk: Uint8Array): Promise<void>;
  commit(file: StoredFile): Promise<void>;
  discard(): Promise<void>;
}

/** Files in memory (the default). */
export function createMemoryFileStore(limits: FileStoreLimits): FileStore {
  const blobs = new Map<string, Uint8Array>();
  return createFileStore(limits, [], {
    async begin(id) {
      const chunks: Uint8Array[] = [];
      return {
        async write(chunk) {
          // A copy: the caller may reuse its buffer.
          chunks.push(new Uint8Array(chunk));
        },
        async commit() {
          blobs.set(id, Buffer.concat(chunks));
        },
        async discard() {
          chunks.length = 0;
        },
      };
    },
    async head(id, max) {
      return blobs.get(id)?.subarray(0, max);
    },
    async read(id) {
      return blobs.get(id);
    },
    async remove(file) {
      blobs.delete(file.id);
    },
  });
}

/**
 * Files in a directory: `<id>.bin` holds the bytes and `<id>.json` the record, written after the
 * bytes, so a file without its record (a crash mid-upload) is never listed. Bytes stream to a
 * temporary `.part` file and are renamed into place once whole.
 */
export async function openDiskFileStore(directory: string, limits: FileStoreLimits): Promise<FileStore> {
  await mkdir(directory, { recursive: true });
  const existing: StoredFile[] = [];
  for (const name of await readdir(directory)) {
    if (name.endsWith(".part")) await rm(join(directory, name), { force: true });
    if (!name.endsWith(".json")) continue;
    existing.push(JSON.parse(await readFile(join(directory, name), "utf8")) as StoredFile);
  }
  const path = (id: string, extension: string) => join(directory, `${encodeURIComponent(id)}${extension}`);
  return createFileStore(limits, existing, {
    async begin(id) {
      const partPath = path(id, ".part");
      const handle = await open(partPath, "w");
      return {
        async write(chunk) {
          await handle.write(chunk);
        },
        async commit(file) {
          await handle.close();
          await rename(partPath, path(id, ".bin"));
          await writeFile(path(id, ".json"), JSON.stringify(file));
        },
        async discard() {
          await handle.close().catch(() => {});
          await rm(partPath, { force: true });
        },
      };
    },
    async head(id, max) {
      const handle = await open(path(id, ".bin"), "r").catch(() => undefined);
      if (!handle) return undefined;
      try {
        const buffer = Buffer.alloc(max);
        const { bytesRead } = await handle.read(buffer, 0, max, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async read(id) {
      return readFile(path(id, ".bin")).catch(() => undefined);
    },
    async remove(file) {
      await rm(path(file.id, ".json"), { force: true });
      await rm(path(file.id, ".bin"), { force: true });
    },
  });
}

function createFileStore(limits: FileStoreLimits, existing: StoredFile[], backend: Backend): FileStore {
  // Insertion order is upload order: listing newest first walks it backwards.
  const files = new Map<string, StoredFile>();
  for (const file of existing.sort((a, b) => a.createdAt - b.createdAt)) files.set(file.id, file);
  let held = existing.reduce((sum, file) => sum + file.bytes, 0);
  let reserved = 0;

  return {
    limits,
    used: () => held + reserved,
    async save(meta, source) {
      const sink = await backend.begin(meta.id);
      const md5 = createHash("md5");
      let bytes = 0;
      let failure: SaveFailure | undefined;
      try {
        for await (const chunk of source) {
          if (bytes + chunk.length > limits.uploadLimit) {
            failure = { kind: "too-large", limit: limits.uploadLimit };
            break;
          }
          if (held + reserved + chunk.length > limits.capacity) {
            failure = { kind: "full", capacity: limits.capacity, used: held + reserved - bytes };
            break;
          }
          bytes += chunk.length;
          reserved += chunk.length;
          md5.update(chunk);
          await sink.write(chunk);
        }
      } catch {
        failure = { kind: "aborted" };
      }
      if (failure) {
        reserved -= bytes;
        await sink.discard();
        return { ok: false, failure };
      }
      const file: StoredFile = { ...meta, bytes, md5: md5.digest("hex") };
      try {
        await sink.commit(file);
      } finally {
        reserved -= bytes;
      }
      const replaced = files.get(file.id);
      if (replaced) held -= replaced.bytes;
      files.set(file.id, file);
      held += bytes;
      return { ok: true, file };
    },
    get: (id) => files.get(id),
    findByMd5(md5) {
      const wanted = md5.toLowerCase();
      let found: StoredFile | undefined;
      for (const file of files.values()) if (file.md5 === wanted) found = file;
      return found;
    },
    list(skip, limit) {
      return [...files.values()].reverse().slice(skip, skip + limit);
    },
    head: (id, max) => (files.has(id) ? backend.head(id, max) : Promise.resolve(undefined)),
    read: (id) => (files.has(id) ? backend.read(id) : Promise.resolve(undefined)),
    async delete(id) {
      const file = files.get(id);
      if (!file) return undefined;
      files.delete(id);
      held -= file.bytes;
      await backend.remove(file);
      return file;
    },
  };
}
