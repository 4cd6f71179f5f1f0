import { APIError } from "./errors";
import type { RequestLifetime } from "./lifetime";
import { retryAfterMs } from "./retry";
import type { SendInit, SendPoll, Sent, TransportSettings } from "./transport";

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
  attemptInit: SendInit,
  lifetime: RequestLifetime,
  settings: TransportSettings,
  label: string,
): Promise<Sent> {
  let response = first;
  let isPoll = first.redirected;
  let sent: Sent = { response };
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
    // A stream's body was not read: release it.
    if (!response.bodyUsed) response.body?.cancel().catch(noop);
    if (wait > 0) await pause(wait, lifetime);
    settings.logger?.debug?.(`${label}: polling ${url.pathname}`);
    const headers = url.origin === origin ? attemptInit.headers : { Authorization: null };
    sent = await lifetime.race(sendPoll(url, { ...attemptInit, headers }));
    response = sent.response;
    isPoll = true;
  }
  return sent;
}

function pollUrl(response: Response, isPoll: boolean, root: string): URL | undefined {
  const location = response.headers.get("location");
  if (location) return new URL(location, response.url || root);
  // After fetch followed the 303 itself, the answer's URL is the poll URL.
  return isPoll && response.url ? new URL(response.url) : undefined;
}

/** Waits `ms`, unless the attempt is aborted first (then rejects with the reason). */
function pause(ms: number, lifetime: RequestLifetime): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return lifetime.race(waited).finally(() => clearTimeout(timer));
}
