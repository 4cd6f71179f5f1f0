/**
 * @vlmchat/mock-server/msw: MSW 2 request handlers that answer VLM Run's API from the mock's engine,
 * in Node (`setupServer`) or in a browser (`setupWorker`). Nothing here imports a Node built-in.
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import { createWebMock, type WebMockOptions } from "./web/answer";
import { type Mount, mountOf } from "./web/mount";

export interface MockHandlersOptions extends WebMockOptions {
  /**
   * Answer under this base URL too (it must end with `/v1/openai`), besides VLM Run's own hosts:
   * `https://proxy.example/vlm/v1/openai` makes the handlers answer under `https://proxy.example/vlm/`.
   */
  baseURL?: string;
}

/** The API's own hosts, answered by every set of handlers. */
export const API_HOSTS = ["https://agent.vlm.run", "https://api.vlm.run"] as const;

/**
 * Request handlers for `setupServer(...createHandlers())` or `setupWorker(...createHandlers())`: an
 * unchanged app that calls `https://agent.vlm.run/v1/openai` (or `api.vlm.run`, or the `baseURL`
 * given) talks to the mock. The handlers of one call share their sessions (in memory) and fault
 * counters; the `reset` fault becomes a network error.
 */
export function createHandlers(options: MockHandlersOptions = {}): HttpHandler[] {
  const answer = createWebMock(options);
  const mounts: Mount[] = API_HOSTS.map((host) => mountOf(`${host}/v1/openai`));
  if (options.baseURL !== undefined) mounts.unshift(mountOf(options.baseURL));
  return mounts.map((mount) =>
    http.all(`${mount.baseURL.origin}${mount.root}/*`, async ({ request }) => {
      const answered = await answer(request, mount);
      return answered === "network-error" ? HttpResponse.error() : answered;
    }),
  );
}
