import { APIError } from "./errors";
import { type RequestLifetime, sleep } from "./lifetime";
import { retryAfterMs } from "./retry";
import type { SendInit, SendPoll, TransportSettings } from "./transport";

const noop = () => {};

/** 202, 204 and 303 mean "not ready yet". */
function isNotReady(status: number): boolean {
  return status === 202 || status === 204 || status === 303;
}

/**
 * A long request answered `303 See Other` (or, when fetch followed the redirect itself, `202 Accepted`
 * from the poll URL): poll the URL, waiting as each answer's `Retry-After` says (1 s when it says
 * nothing), until it is ready. The attempt's total timeout bounds the whole wait. The API key goes to
 * the API's own origin only.
 */
export async function pollUntilReady(
  first: Response,
  sendPoll: SendPoll,
  headers: SendInit["headers"],
  lifetime: RequestLifetime,
  settings: TransportSettings,
  label: string,
): Promise<{ response: Response; error?: unknown }> {
  let response = first;
  let isPoll = first.redirected;
  let error: unknown;
  const origin = new URL(settings.root).origin;
  while (isNotReady(response.status)) {
    const url = pollUrl(response, isPoll, settings.root);
    if (!url) {
      throw new APIError(
        response.status,
        undefined,
        `${response.status} without a Location to poll`,
        response.headers,
      );
    }
    const wait = response.status === 303 ? 0 : (retryAfterMs(response.headers) ?? 1000);
    response.body?.cancel().catch(noop);
    if (wait > 0) await sleep(wait, lifetime.signal);
    settings.logger?.debug?.(`${label}: polling ${url.pathname}`);
    const init: SendInit = {
      fetch: lifetime.fetch(settings.fetch),
      headers: url.origin === origin ? headers : { Authorization: null },
      parseAs: "stream",
    };
    ({ response, error } = await lifetime.race(sendPoll(url, init)));
    isPoll = true;
  }
  return { response, error };
}

function pollUrl(response: Response, isPoll: boolean, root: string): URL | undefined {
  const location = response.headers.get("location");
  if (location) return new URL(location, response.url || root);
  // After fetch followed the 303 itself, the answer's URL is the poll URL.
  return isPoll && response.url ? new URL(response.url) : undefined;
}
