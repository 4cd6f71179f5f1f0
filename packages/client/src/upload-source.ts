/** What `client.files.upload()` takes, made into one shape: a name, a size and the bytes. */
import { MediaInputError } from "./errors";

/** Bytes, a `Blob` (or `File`), or a stream of bytes (a web `ReadableStream` or any async iterable, e.g. a Node stream). */
export type Uploadable =
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/**
 * A file opened for upload. Bytes, Blobs and paths can be read again (`open`: hashed, then sent, again
 * on a retry); a stream is read once.
 */
export interface UploadSource {
  name: string;
  size: number;
  /** The declared type, or "" (the server sniffs the bytes). */
  type: string;
  /** A fresh read of the bytes, for sources that can be read more than once. */
  open?: (() => ReadableStream<Uint8Array>) | undefined;
  /** The bytes as a Blob, where they are one (a browser's FormData takes it as it is). */
  blob?: Blob | undefined;
  /** A stream's bytes, read once. */
  stream?: ReadableStream<Uint8Array> | undefined;
}

/** A file on disk, as `openPath` gives it. */
export interface OpenedPath {
  name: string;
  size: number;
  open: () => ReadableStream<Uint8Array>;
}

/** What the runtime adds: `@vlmchat/client/node` hashes with node:crypto and opens file paths. */
export interface UploadPlatform {
  /** The MD5 of the bytes as 32 hex digits; absent where there is no MD5 (browsers): no dedupe. */
  md5?: ((bytes: ReadableStream<Uint8Array>) => Promise<string>) | undefined;
  /** Opens a file path (or `file:` URL): its name, size, and a way to read it as a stream. */
  openPath?: ((path: string) => Promise<OpenedPath>) | undefined;
}

/** The source of an upload, or a `MediaInputError` saying what is wrong with the input. */
export async function uploadSource(
  input: Uploadable | string,
  options: { filename?: string | undefined; size?: number | undefined },
  platform: UploadPlatform,
): Promise<UploadSource> {
  const named = (fallback: string) => options.filename ?? fallback;
  if (typeof input === "string") {
    if (!platform.openPath) {
      throw new MediaInputError(
        'files.upload(): a file path needs the client from "@vlmchat/client/node"; elsewhere pass a Blob, a File or bytes',
      );
    }
    const { name, size, open } = await platform.openPath(input);
    return { name: named(name), size, type: "", open };
  }
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const blob = new Blob([input as BlobPart]); // a SharedArrayBuffer view is copied like any other
    return { name: named("upload"), size: blob.size, type: "", blob, open: () => blob.stream() };
  }
  if (input instanceof Blob) {
    const fileName = (input as { name?: unknown }).name;
    return {
      name: named(typeof fileName === "string" && fileName ? fileName : "upload"),
      size: input.size,
      type: input.type,
      blob: input,
      open: () => input.stream(),
    };
  }
  const stream = asStream(input);
  if (!stream) {
    throw new MediaInputError(
      `files.upload(): expected bytes, a Blob, a stream or (from "@vlmchat/client/node") a file path; got ${describe(input)}`,
    );
  }
  const size = options.size;
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw new MediaInputError(
      "files.upload(): a stream needs its size in bytes: files.upload(stream, { size })",
    );
  }
  return { name: named("upload"), size, type: "", stream };
}

function asStream(input: unknown): ReadableStream<Uint8Array> | undefined {
  if (input instanceof ReadableStream) return input;
  const iterable = input as AsyncIterable<Uint8Array> | null;
  if (typeof iterable?.[Symbol.asyncIterator] !== "function") return undefined;
  return iterableStream(iterable);
}

/** A web stream that reads the iterable one chunk per pull: no more is read than is asked for. */
export function iterableStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return (value as object).constructor?.name ?? "an object";
}
