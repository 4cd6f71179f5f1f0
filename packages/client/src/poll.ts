import type { SendInit, SendPoll, Sent } from "./call";
import { APIError } from "./errors";
import type { RequestLifetime } from "./lifetime";
import type { Logger } from "./log";
import { retryAfterMs } from "./retry";

/** The shortest wait between polls, whatever the server asks, and the longest the backoff grows to. */
const POLL_FLOOR_MS = 250;
const POLL_CEILING_MS = 5_000;

/** 202, 204 and 303 mean "not ready yet". */
export function isNotReady(status: number): boolean {
  return status === 202 || status === 204 || status === 303;
}

/**
 * A long request answered `303 See Other` (or, when fetch followed the redirect itself, `202 Accepted`
 * from the poll URL): poll the URL until it is ready. The wait before poll `n` is the server's
 * `Retry-After` when it asks for longer, else a backoff from 250 ms doubling up to 5 s. The attempt's
 * total timeout bounds the whole wait. The API key goes to the API's own origin only.
 */
export async function pollUntilReady(
  first: Response,
  sendPoll: SendPoll,
  attemptInit: SendInit,
  lifetime: RequestLifetime,
  context: { root: string; logger: Logger | undefined; label: string },
): Promise<Sent> {
  let response = first;
  let isPoll = first.redirected;
  let sent: Sent = { response };
  const origin = new URL(context.root).origin;
  for (let poll = 0; isNotReady(response.status); poll++) {
    const url = pollUrl(response, isPoll, context.root);
    // Its body is not wanted: release it.
    response.body?.cancel().catch(() => {});
    if (!url) {
      throw new APIError(
        response.status,
        undefined,
        `${response.status} without a Location to poll`,
        response.headers,
      );
    }
    const backoff = Math.min(POLL_FLOOR_MS * 2 ** poll, POLL_CEILING_MS);
    await pause(Math.max(retryAfterMs(response.headers) ?? 0, backoff), lifetime);
    context.logger?.debug?.(`${context.label}: polling ${url.pathname}`);
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

/** Waits `ms`, unless the attempt is aborted first (then rejects with the reason); leaves no timer behind. */
async function pause(ms: number, lifetime: RequestLifetime): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await lifetime.race(
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    );
  } finally {
    clearTimeout(timer);
  }
}
