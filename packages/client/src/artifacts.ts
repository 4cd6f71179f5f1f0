/**
 * `client.artifacts`: what the agent made (images, videos, audio, documents, 3-D reconstructions),
 * fetched as bytes from `/v1/artifacts` and listed from `/v1/artifacts/list`.
 */
import type { ArtifactList, paths } from "@vlmchat/types";
import type { Client } from "openapi-fetch";
import { APIPromise, type WithRequestId } from "./api-promise";
import { readText } from "./body";
import { VlmChatError } from "./errors";
import { failureOf, type RequestLifetime } from "./lifetime";
import { defined } from "./query";
import type { RequestOptions, Transport } from "./transport";

/** Which artifact: of a session (or an execution), by id (or file name). Snake case, as on the wire. */
export interface ArtifactRetrieveParams {
  session_id?: string | undefined;
  execution_id?: string | undefined;
  /** The artifact's id, e.g. `img_a1b2c3`. */
  object_id?: string | undefined;
  filename?: string | undefined;
}

export interface ArtifactListParams {
  session_id?: string | undefined;
  execution_id?: string | undefined;
}

/** The longest URL a `url_` artifact's answer may hold, in bytes. */
const MAX_URL_BYTES = 64 * 1024;

/**
 * An artifact's answer, its body not yet read. Read it once: `body` (a stream), `blob()` or
 * `arrayBuffer()`; `saveArtifact()` from `@vlmchat/client/node` writes it to a file. A `url_`
 * artifact's bytes live elsewhere: its `url` is given and never fetched by the client (it would carry
 * the key); its body is the URL's text.
 */
export class Artifact {
  /** The id or file name it was asked for by. */
  readonly id: string;
  /** The answer's `Content-Type` (e.g. `image/png`). */
  readonly contentType: string;
  /** Where a `url_` artifact's bytes are; undefined for the others. */
  readonly url: string | undefined;
  readonly body: ReadableStream<Uint8Array>;
  readonly response: Response;

  constructor(id: string, response: Response, body: ReadableStream<Uint8Array>, url?: string) {
    this.id = id;
    this.response = response;
    this.contentType = response.headers.get("content-type") ?? "application/octet-stream";
    this.body = body;
    this.url = url;
  }

  blob(): Promise<Blob> {
    return new Response(this.body, { headers: { "content-type": this.contentType } }).blob();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return new Response(this.body).arrayBuffer();
  }
}

/** `client.artifacts`. */
export interface Artifacts {
  /**
   * Fetches an artifact: resolves once its headers are in, with the body unread (the request's
   * `timeout` covers reading it, and `idleTimeout` the gaps between bytes).
   */
  retrieve(params: ArtifactRetrieveParams, options?: RequestOptions): APIPromise<Artifact>;
  /** The artifacts a session (or an execution) made. */
  list(params: ArtifactListParams, options?: RequestOptions): APIPromise<WithRequestId<ArtifactList>>;
}

/** `client.artifacts` over a client's openapi-fetch client and transport. */
export function artifacts(api: Client<paths>, transport: Transport): Artifacts {
  const retrieve = async (params: ArtifactRetrieveParams, options?: RequestOptions) => {
    const id = params.object_id ?? params.filename;
    owner(params, "retrieve");
    if (!id) throw new VlmChatError("artifacts.retrieve(): give object_id (e.g. img_a1b2c3) or filename");
    const { response, lifetime, idleTimeout } = await transport.open(
      {
        answer: "Artifact",
        send: (init) => api.GET("/v1/artifacts", { ...init, params: { query: defined(params) } }),
      },
      options,
    );
    const body = watched(
      response.body ?? new ReadableStream(),
      lifetime,
      idleTimeout,
      transport.settings.secret,
    );
    if (!id.startsWith("url_")) return { data: new Artifact(id, response, body), response };
    const { text, cut } = await readText(body, MAX_URL_BYTES);
    if (cut) throw new VlmChatError(`The URL of artifact ${id} is longer than ${MAX_URL_BYTES} bytes`);
    return {
      data: new Artifact(id, response, new Response(text).body as ReadableStream<Uint8Array>, text.trim()),
      response,
    };
  };
  return {
    retrieve: (params, options) => new APIPromise(retrieve(params, options)),
    list: (params, options) =>
      new APIPromise(
        Promise.resolve(params).then((checked) => {
          owner(checked, "list");
          return transport.json<ArtifactList>(
            {
              answer: "ArtifactList",
              send: (init) => api.GET("/v1/artifacts/list", { ...init, params: { query: defined(checked) } }),
            },
            options,
          );
        }),
      ),
  };
}

function owner(params: ArtifactListParams | undefined, method: string): void {
  if (!params?.session_id && !params?.execution_id) {
    throw new VlmChatError(
      `artifacts.${method}(): give the session_id (or execution_id) the artifact belongs to`,
    );
  }
}

/**
 * The body, read within the request's lifetime: each read restarts the idle timeout, a timeout or abort
 * ends it with that error, and the end (or a cancel) releases the lifetime's timer.
 */
function watched(
  body: ReadableStream<Uint8Array>,
  lifetime: RequestLifetime,
  idleTimeout: number,
  secret: string | undefined,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  lifetime.onAbort(() => reader.cancel().catch(() => {}));
  lifetime.startIdle(idleTimeout);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let read: ReadableStreamReadResult<Uint8Array>;
        try {
          read = await reader.read();
        } catch (caught) {
          lifetime.dispose();
          throw failureOf(caught, lifetime, secret);
        }
        if (lifetime.reason) throw lifetime.reason;
        lifetime.touch();
        if (read.done) {
          lifetime.dispose();
          controller.close();
        } else controller.enqueue(read.value);
      },
      cancel(reason) {
        lifetime.dispose();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
