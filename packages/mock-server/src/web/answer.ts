import { createCoreContext, handleRequest, nextRequestId } from "../core/handle";
import { type MockAnswer, StreamCut } from "../core/message";
import { detail, payloadTooLarge } from "../http/respond";
import { API_PREFIX } from "../http/routes";
import { createLogger } from "../log";
import { type MockServerOptions, resolveOptions } from "../options";
import { createMemoryStore } from "../sessions/memory-store";
import { type Mount, targetOf } from "./mount";

/** Options of the port-less mocks (`createMockFetch`, `createHandlers`): those of the server that apply without a socket. */
export type WebMockOptions = Pick<MockServerOptions, "token" | "latencyMs" | "sessionMemory" | "bodyLimit">;

/** What a web-standard request gets: a `Response`, or a network error (the `reset` fault). */
export type WebAnswer = Response | "network-error";

/**
 * The core behind web-standard messages (`Request` in, `Response` out), with sessions in memory. Used
 * by the mock fetch and the MSW handlers; nothing here needs Node, so it runs in a browser.
 */
export function createWebMock(
  options: WebMockOptions = {},
): (request: Request, mount: Mount) => Promise<WebAnswer> {
  const resolved = resolveOptions({
    token: options.token,
    latencyMs: options.latencyMs,
    sessionMemory: options.sessionMemory,
    bodyLimit: options.bodyLimit,
  } as MockServerOptions);
  const ctx = createCoreContext(resolved, createLogger("silent"), createMemoryStore(resolved.sessionMemory));

  return async (request, mount) => {
    const signal = request.signal;
    signal.throwIfAborted();
    const requestId = nextRequestId();
    // The body is already in this process (the caller built it): the limit is checked on its length.
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.length > resolved.bodyLimit) {
      const refused = payloadTooLarge(resolved.bodyLimit, { "x-request-id": requestId });
      return new Response(bodyInit(refused.body), { status: refused.status, headers: refused.headers });
    }
    // Aborted by the caller's signal, or when the caller cancels the answer's body.
    const gone = new AbortController();
    const leave = () => gone.abort(abortReason(signal));
    signal.addEventListener("abort", leave, { once: true });
    const url = new URL(request.url);
    const target = targetOf(mount, url);
    if (target === undefined) {
      signal.removeEventListener("abort", leave);
      const missing = detail(404, "Not Found", { "x-request-id": requestId });
      return new Response(bodyInit(missing.body), { status: 404, headers: missing.headers });
    }
    const answer: MockAnswer = await handleRequest(ctx, {
      method: request.method,
      url: target,
      baseURL: `${url.origin}${mount.root}${API_PREFIX}`,
      headers: Object.fromEntries(request.headers),
      body,
      signal: gone.signal,
    });
    signal.throwIfAborted();
    if ("noAnswer" in answer) {
      signal.removeEventListener("abort", leave);
      if (answer.noAnswer === "reset") return "network-error";
      throw abortReason(signal);
    }
    const headers = new Headers(answer.headers);
    headers.set("x-request-id", requestId);
    const init = { status: answer.status, headers };
    if (request.method === "HEAD") return new Response(null, init);
    if (answer.body instanceof Uint8Array) {
      signal.removeEventListener("abort", leave);
      return new Response(answer.status === 204 ? null : bodyInit(answer.body), init);
    }
    return new Response(readable(answer.body, gone, request), init);
  };
}

/**
 * An answer's pieces as a body stream. When the caller aborts, the stream errors with the abort's
 * reason (an `AbortError`), as fetch's own bodies do; a cut ends it with a `TypeError`, as a connection
 * closed mid-body does in fetch.
 */
function readable(
  body: AsyncIterable<Uint8Array>,
  gone: AbortController,
  request: Request,
): ReadableStream<Uint8Array> {
  const pieces = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      gone.signal.addEventListener(
        "abort",
        () => {
          try {
            controller.error(gone.signal.reason);
          } catch {
            // The stream had already ended.
          }
        },
        { once: true },
      );
    },
    async pull(controller) {
      try {
        const next = await pieces.next();
        // Reading `request` here also keeps it alive while the body is read: a Request follows the
        // caller's signal only while it lives (Node's fetch links them through a WeakRef).
        if (gone.signal.aborted || request.signal.aborted) return;
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error instanceof StreamCut ? new TypeError("terminated", { cause: error }) : error);
      }
    },
    cancel(reason) {
      // Ends a stall or a paced stream: the producer stops at its next step.
      gone.abort(reason);
    },
  });
}

/** The core's bytes come from `TextEncoder` (an `ArrayBuffer` underneath), which is what `BodyInit` asks. */
function bodyInit(bytes: Uint8Array): BodyInit {
  return bytes as Uint8Array<ArrayBuffer>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}
