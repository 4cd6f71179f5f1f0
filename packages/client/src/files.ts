/**
 * `client.files`: uploads to VLM Run's `/v1/files` (directly up to 32 MiB, through a presigned URL
 * above that, skipped when the MD5 lookup finds the bytes), and the file list, lookup and delete.
 */
import type { FileList, FilePurpose, FileResponse, PresignedUrlResponse, paths } from "@vlmchat/types";
import type { Client } from "openapi-fetch";
import { APIPromise, type WithRequestId } from "./api-promise";
import type { SendInit, Sent } from "./call";
import { MediaInputError, NotFoundError, VlmChatError } from "./errors";
import { type FileListParams, FilePage, type FilePagePromise, pagePromise } from "./file-page";
import { defined } from "./query";
import type { Answer, RequestOptions, Transport } from "./transport";
import { multipartFrame, type UploadProgress, uploadBody } from "./upload-body";
import { type Uploadable, type UploadPlatform, type UploadSource, uploadSource } from "./upload-source";

/** Files up to this size are sent in one `POST /v1/files`; larger ones through a presigned URL (as VLM Run's SDKs do). */
export const DIRECT_UPLOAD_LIMIT = 32 * 1024 * 1024;

/**
 * What a request with a stream body needs: `duplex: "half"` (fetch sends a stream body only when told
 * the answer may start before it ends), and no redirect following: to be able to follow one, fetch
 * keeps a copy of every byte sent (it tees the body), which would hold a whole upload in memory.
 */
// `duplex` is missing from the DOM typings of RequestInit.
const STREAMED = { duplex: "half", redirect: "error" } as { redirect: RequestRedirect };

export interface FileUploadOptions extends RequestOptions {
  /** What the file is for (default `assistants`). */
  purpose?: FilePurpose | undefined;
  /** Whether the answer carries a `public_url` (the API's default: true). */
  generate_public_url?: boolean | undefined;
  /** The file's name: default a `File`'s or a path's own name, else `upload`. */
  filename?: string | undefined;
  /** A stream's size in bytes (required for streams; it must be exact). */
  size?: number | undefined;
  /**
   * Called as bytes go out, `{ loaded, total }` (where the runtime streams request bodies: Node, Deno,
   * Bun); in a browser once at the start and once at the end. A skipped upload reports its total at once.
   */
  onProgress?: ((progress: UploadProgress) => void) | undefined;
}

/** `client.files`. */
export interface Files<Input = Uploadable> {
  /**
   * Uploads bytes, a `Blob`/`File`, a stream (with `size`) or, from `@vlmchat/client/node`, a file path,
   * and resolves to the stored file (`inputFile(file)` refers to it in a chat). Paths and Blobs are
   * MD5-hashed first where there is MD5 (Node) and not sent again when the API has the bytes. The
   * request that carries the bytes has no total timeout unless `timeout` is given, only the idle
   * timeout between chunks (`idleTimeout`); a stream is never retried (it cannot be read twice).
   */
  upload(input: Input, options?: FileUploadOptions): APIPromise<WithRequestId<FileResponse>>;
  /** A page of files (`skip`, `limit`); `for await` over it reads every file, page after page. */
  list(params?: FileListParams, options?: RequestOptions): FilePagePromise;
  retrieve(fileId: string, options?: RequestOptions): APIPromise<WithRequestId<FileResponse>>;
  /** Deletes the file; resolves to it as it was. */
  delete(fileId: string, options?: RequestOptions): APIPromise<WithRequestId<FileResponse>>;
}

/** `client.files` over a client's openapi-fetch client and transport. */
export function files(
  api: Client<paths>,
  transport: Transport,
  platform: () => UploadPlatform,
  streamsBodies: boolean,
): Files<Uploadable | string> {
  const json = <T>(
    answer: "FileResponse" | "FileList" | "PresignedUrlResponse",
    send: (init: SendInit) => Promise<Sent>,
    options?: RequestOptions,
  ) => transport.json<T>({ answer, send }, options);
  const byId = (fileId: string) => ({ params: { path: { file_id: checkId(fileId) } } });

  const list = (params: FileListParams = {}, options?: RequestOptions): FilePagePromise =>
    pagePromise(
      new APIPromise(
        json<FileList>(
          "FileList",
          (init) => api.GET("/v1/files", { ...init, params: { query: defined(params) } }),
          options,
        ).then(({ data, response }) => ({
          data: new FilePage(data, params, (next) => list(next, options)),
          response,
        })),
      ),
    );

  /** The file with these bytes when the API has them, else undefined. */
  const findByHash = (md5: string, options: RequestOptions) =>
    json<FileResponse>(
      "FileResponse",
      (init) => api.GET("/v1/files/hash/{md5}", { ...init, params: { path: { md5 } } }),
      options,
    ).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });

  /** The options of the request that carries the bytes: no total timeout unless asked; a stream is sent once. */
  const bytesOptions = (source: UploadSource, options: FileUploadOptions): RequestOptions => ({
    ...options,
    timeout: options.timeout ?? 0,
    maxRetries: source.open ? options.maxRetries : 0,
  });

  /** The bytes of one attempt, counted (where bodies stream), or the Blob as it is. */
  const attemptBody = (
    source: UploadSource,
    init: SendInit,
    options: FileUploadOptions,
    frame?: ReturnType<typeof multipartFrame>,
  ) => {
    init.lifetime.startIdle(init.idleTimeout);
    const bytes = source.open ? source.open() : (source.stream as ReadableStream<Uint8Array>);
    return uploadBody(bytes, source.size, init.lifetime, options.onProgress, frame);
  };

  const direct = (source: UploadSource, options: FileUploadOptions): Promise<Answer<FileResponse>> => {
    const query = defined({ purpose: options.purpose, generate_public_url: options.generate_public_url });
    return json<FileResponse>(
      "FileResponse",
      async (init) => {
        if (!streamsBodies) {
          const form = new FormData();
          form.append("file", source.blob as Blob, source.name);
          return api.POST("/v1/files", {
            ...init,
            params: { query },
            body: { file: "" },
            bodySerializer: () => form,
          });
        }
        const boundary = `vlmchat-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
        const frame = multipartFrame(source.name, source.type, boundary);
        const { body, failure } = attemptBody(source, init, options, frame);
        const length = frame.prefix.byteLength + source.size + frame.suffix.byteLength;
        try {
          return await api.POST("/v1/files", {
            ...init,
            headers: {
              ...init.headers,
              "Content-Type": `multipart/form-data; boundary=${boundary}`,
              "Content-Length": String(length),
            },
            params: { query },
            body: { file: "" },
            bodySerializer: () => body,
            ...STREAMED,
          });
        } catch (error) {
          throw failure() ?? error;
        }
      },
      bytesOptions(source, options),
    );
  };

  const presigned = async (
    source: UploadSource,
    options: FileUploadOptions,
  ): Promise<Answer<FileResponse>> => {
    const { data: target } = await json<PresignedUrlResponse>(
      "PresignedUrlResponse",
      (init) =>
        api.POST("/v1/files/presigned-url", {
          ...init,
          body: { filename: source.name, ...(options.purpose && { purpose: options.purpose }) },
        }),
      options,
    );
    const url = presignedUrl(target.url);
    const type = target.content_type || source.type || "application/octet-stream";
    await transport.text(
      {
        answer: "PresignedUpload",
        // Only the bytes and their type go out: no key, none of the client's headers.
        send: async (init) => {
          const streamed = streamsBodies ? attemptBody(source, init, options) : undefined;
          const headers: Record<string, string> = { "Content-Type": type };
          if (streamed) headers["Content-Length"] = String(source.size);
          const request = new Request(url, {
            method: target.upload_method || "PUT",
            headers,
            body: streamed ? streamed.body : (source.blob as Blob),
            ...(streamed && STREAMED),
          });
          let response: Response;
          try {
            response = await init.fetch(request);
          } catch (error) {
            throw streamed?.failure() ?? error;
          }
          return response.ok
            ? { response, data: response.body }
            : { response, error: parsed(await response.text()) };
        },
      },
      bytesOptions(source, options),
    );
    return json<FileResponse>(
      "FileResponse",
      (init) =>
        api.GET("/v1/files/verify-upload/{file_id}", { ...init, params: { path: { file_id: target.id } } }),
      options,
    );
  };

  const upload = async (
    input: Uploadable | string,
    options: FileUploadOptions = {},
  ): Promise<Answer<FileResponse>> => {
    const runtime = platform();
    const md5 = runtime.md5;
    const source = await uploadSource(input, options, runtime);
    const progress = options.onProgress;
    // A stream is never hashed: hashing would read it, and it can be read once.
    if (source.open && md5) {
      const hash = await md5(source.open()).catch((error: unknown) => {
        throw new MediaInputError(`files.upload(): cannot read ${source.name}: ${(error as Error).message}`, {
          cause: error,
        });
      });
      const found = await findByHash(hash, options);
      if (found) {
        progress?.({ loaded: source.size, total: source.size });
        return found;
      }
    }
    if (!streamsBodies && source.stream) {
      source.blob = await new Response(source.stream).blob();
      source.stream = undefined;
      if (source.blob.size !== source.size) {
        throw new MediaInputError(
          `files.upload(): the stream has ${source.blob.size} bytes, not its size (${source.size})`,
        );
      }
    }
    if (!streamsBodies) progress?.({ loaded: 0, total: source.size });
    const answer = await (source.size <= DIRECT_UPLOAD_LIMIT
      ? direct(source, options)
      : presigned(source, options));
    if (!streamsBodies) progress?.({ loaded: source.size, total: source.size });
    return answer;
  };

  return {
    upload: (input, options) => new APIPromise(upload(input, options)),
    list,
    retrieve: (fileId, options) =>
      new APIPromise(
        json<FileResponse>(
          "FileResponse",
          (init) => api.GET("/v1/files/{file_id}", { ...init, ...byId(fileId) }),
          options,
        ),
      ),
    delete: (fileId, options) =>
      new APIPromise(
        json<FileResponse>(
          "FileResponse",
          (init) => api.DELETE("/v1/files/{file_id}", { ...init, ...byId(fileId) }),
          options,
        ),
      ),
  };
}

function checkId(fileId: unknown): string {
  if (typeof fileId !== "string" || fileId === "") {
    throw new VlmChatError(`A file id must be a non-empty string; got ${JSON.stringify(fileId)}`);
  }
  return fileId;
}

/** The presigned URL, which must be http(s): the bytes go nowhere else. */
function presignedUrl(url: string): URL {
  let parsedUrl: URL | undefined;
  try {
    parsedUrl = new URL(url);
  } catch {}
  if (parsedUrl?.protocol !== "https:" && parsedUrl?.protocol !== "http:") {
    throw new VlmChatError(`The presigned upload URL is not an http(s) URL: ${JSON.stringify(url)}`);
  }
  return parsedUrl;
}

/** An error body: JSON when it parses, else its text (S3 answers XML). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
