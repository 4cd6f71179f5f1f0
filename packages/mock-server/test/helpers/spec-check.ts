import { validateErrorDetail } from "@vlmchat/validation/response";
import { createParser } from "eventsource-parser";
import { matchRoute } from "../../src/http/routes";
import { checkResponse } from "../../src/proxy/response-check";
import { StreamChecker } from "../../src/proxy/stream-checker";
import { fromDetail, type Violation } from "../../src/proxy/violations";

/** What the suite received for one request. */
export interface Exchanged {
  method: string;
  /** Path and query. */
  url: string;
  /** The request body as sent, when it was JSON text. */
  requestBody: string | undefined;
  status: number;
  headers: Headers;
  body: string;
}

/** How many responses the checks below have seen: the suite asserts they saw every one. */
export const checked = { responses: 0, streams: 0 };

/**
 * Every response the suite receives goes through here: its status must be documented for the
 * operation and its body must validate against that status's schema (a stream: every event, and the
 * stream's invariants). The checks are the proxy's own, which use the validation package's validators.
 */
export function specViolations(exchange: Exchanged): Violation[] {
  checked.responses++;
  const path = exchange.url.split("?", 1)[0] ?? "";
  const match = matchRoute(exchange.method, path);
  if (exchange.method === "HEAD")
    return exchange.body === "" ? [] : [{ where: "response", msg: "HEAD with a body", type: "head" }];
  if (/^text\/event-stream/.test(exchange.headers.get("content-type") ?? "")) {
    checked.streams++;
    return streamViolations(exchange);
  }
  if (!match.ok || (match.route.operation === "pollCompletion" && exchange.status !== 200)) {
    return detailViolations(exchange.body);
  }
  const operation =
    match.route.operation === "pollCompletion" ? "createChatCompletion" : match.route.operation;
  return checkResponse(
    operation,
    exchange.status,
    {
      location: exchange.headers.get("location") ?? undefined,
      contentType: exchange.headers.get("content-type") ?? undefined,
    },
    exchange.body,
  );
}

function detailViolations(body: string): Violation[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [{ where: "response", msg: "body is not JSON", type: "json_invalid" }];
  }
  const checkedDetail = validateErrorDetail(value);
  return checkedDetail.ok ? [] : fromDetail("response", checkedDetail.detail);
}

function streamViolations(exchange: Exchanged): Violation[] {
  let request: { n?: number | null; stream_options?: { include_usage?: boolean } | null } = {};
  try {
    request = JSON.parse(exchange.requestBody ?? "{}");
  } catch {
    // A stream for a request that was not JSON is itself checked below: it cannot have valid expectations.
  }
  const checker = new StreamChecker({
    choices: request.n ?? 1,
    includeUsage: request.stream_options?.include_usage === true,
  });
  for (const data of sseData(exchange.body)) checker.event(data);
  return checker.end();
}

/** The `data` of each event of an SSE body. */
export function sseData(body: string): string[] {
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  parser.feed(body);
  parser.reset({ consume: true });
  return data;
}
