import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { APIConnectionError, APIStreamError, AuthenticationError, VlmChat } from "../src/index";
import { fault, hello, useMockServer } from "./helpers/mock";
import { useTinyServer } from "./helpers/tiny-server";

const KEY = "vlm-sk-7f3c2a9e1b4d-never-show-me";

/** Every way an error is seen: message, stack, string, JSON, and Node's inspection (console.log). */
function everyView(error: unknown): string {
  const e = error as Error;
  return [e.message, e.stack, String(e), JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })].join(
    "\n",
  );
}

/** A logger keeping every line. */
function capture() {
  const lines: string[] = [];
  return {
    lines,
    logger: { debug: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) },
  };
}

const mock = useMockServer({ token: "the-right-key" });

// A server that echoes the credential back (some proxies do): the mock server never would.
const echo = useTinyServer((req, res) => {
  const auth = req.headers.authorization ?? "";
  if (req.headers["x-want"] === "stream") {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.end(
      `data: ${JSON.stringify({ error: { message: `upstream rejected ${auth}`, type: "auth", code: null } })}\n\n`,
    );
    return;
  }
  if (req.headers["x-want"] === "text") {
    res.writeHead(400, { "content-type": "text/plain", "x-seen-auth": auth });
    res.end(`bad credentials: ${auth}`);
    return;
  }
  res.writeHead(503, { "content-type": "application/json", "retry-after-ms": "1" });
  res.end(JSON.stringify({ detail: `Invalid token ${auth}`, error: { message: auth } }));
});

describe("the API key never shows", () => {
  it("not in a 401 from the mock server, nor in the log lines of its retries", async () => {
    const { lines, logger } = capture();
    const client = mock.client({ apiKey: KEY, logger });
    const error = await client.chat.completions.create({ messages: hello }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    await client.models
      .list({ ...fault("status=503; retry-after-ms=1; fail-times=1", `secrets-${process.pid}`) })
      .catch(() => undefined);
    expect(everyView(error)).not.toContain(KEY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(KEY);
  });

  it("not when a server echoes it in a JSON body, a text body, a header or a stream error", async () => {
    const { lines, logger } = capture();
    const client = new VlmChat({ baseURL: echo.baseURL, apiKey: KEY, logger, maxRetries: 1 });
    const json = await client.chat.completions.create({ messages: hello }).catch((e: unknown) => e);
    const text = await client.models.list({ headers: { "x-want": "text" } }).catch((e: unknown) => e);
    const stream = await client.chat.completions.create(
      { messages: hello, stream: true },
      { headers: { "x-want": "stream" } },
    );
    const streamed = await stream.finalCompletion().catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(APIStreamError);
    for (const error of [json, text, streamed]) {
      const views = everyView(error);
      expect(views).not.toContain(KEY);
      expect(views).toContain("[redacted]");
    }
    expect(lines.join("\n")).not.toContain(KEY);
  });

  it("not in a connection error whose cause mentions it", async () => {
    const fetch = async () => {
      throw new TypeError(`proxy refused Authorization: Bearer ${KEY}`);
    };
    const client = new VlmChat({ baseURL: echo.baseURL, apiKey: KEY, fetch, maxRetries: 0 });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(everyView(error)).not.toContain(KEY);
  });

  it("not when the client itself is logged", () => {
    const client = new VlmChat({ baseURL: echo.baseURL, apiKey: KEY });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });
});
