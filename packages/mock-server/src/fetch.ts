import { createWebMock, type WebMockOptions } from "./web/answer";
import { DEFAULT_BASE_URL, mountOf } from "./web/mount";

export interface MockFetchOptions extends WebMockOptions {
  /**
   * The base URL the client is given (default `https://agent.vlm.run/v1/openai`): its path, less
   * `/v1/openai`, locates the API. Any origin is answered: the function is handed to a client, not
   * put on a network.
   */
  baseURL?: string;
}

/** A `fetch` that answers from the mock, in this process. */
export type MockFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/**
 * A `fetch`-compatible function answering through the mock's engine with no socket: validation and
 * 422s, streaming, sessions (in memory), faults and the bearer-token check, as `startMockServer` does.
 * Hand it to `new VlmChat({ fetch })` or `new OpenAI({ fetch })`. It follows redirects as fetch does
 * (`redirect: "manual"` returns the 303 itself) and honours the request's `AbortSignal`. The `reset`
 * fault rejects with a `TypeError`, as a network error does.
 */
export function createMockFetch(options: MockFetchOptions = {}): MockFetch {
  const mount = mountOf(options.baseURL ?? DEFAULT_BASE_URL);
  const answer = createWebMock(options);
  return async (input, init) => {
    let request = new Request(input, init);
    for (let redirects = 0; ; redirects++) {
      const answered = await answer(request, mount);
      if (answered === "network-error") {
        throw new TypeError("fetch failed", {
          cause: new Error("connection reset (x-vlmchat-fault: reset)"),
        });
      }
      const location = answered.headers.get("location");
      const follow = REDIRECTS.has(answered.status) && location !== null && request.redirect !== "manual";
      if (!follow) return withUrl(answered, request.url, redirects > 0);
      if (request.redirect === "error" || redirects === MAX_REDIRECTS) {
        throw new TypeError("fetch failed", { cause: new Error(`redirect refused or too many redirects`) });
      }
      const headers = new Headers(request.headers);
      headers.delete("content-type");
      headers.delete("content-length");
      request = new Request(new URL(location, request.url), {
        method: "GET",
        headers,
        signal: request.signal,
      });
    }
  };
}

/** A constructed `Response` has no URL; fetch's answers do, and clients read it (a followed 303's poll URL). */
function withUrl(response: Response, url: string, redirected: boolean): Response {
  Object.defineProperty(response, "url", { value: url });
  Object.defineProperty(response, "redirected", { value: redirected });
  return response;
}
