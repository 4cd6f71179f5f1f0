import { describe, expect, it } from "vitest";
import {
  type APIError,
  InternalServerError,
  RateLimitError,
  UnprocessableEntityError,
  VlmChat,
} from "../src/index";
import { hello } from "./helpers/mock";
import { useTinyServer } from "./helpers/tiny-server";

// The error bodies VLM Run's SDKs read besides FastAPI's 422 list (api-facts.md, "Errors and limits
// seen"), sent as real bytes: the mock server has no fault that sends them yet.
const bodies: Record<string, { status: number; body: string }> = {
  "error-object": {
    status: 429,
    body: JSON.stringify({ error: { message: "Too many requests", type: "rate_limit", id: "req_vlm_42" } }),
  },
  "detail-string": { status: 500, body: JSON.stringify({ detail: "The agent crashed" }) },
  "detail-object": { status: 422, body: JSON.stringify({ detail: { reason: "quota", remaining: 0 } }) },
};

const server = useTinyServer((req, res) => {
  const want = bodies[String(req.headers["x-want"])];
  if (!want) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(want.status, { "content-type": "application/json" });
  res.end(want.body);
});

async function failure(want: string): Promise<unknown> {
  const client = new VlmChat({ baseURL: server.baseURL, apiKey: null, maxRetries: 0 });
  return client.chat.completions
    .create({ messages: hello }, { headers: { "x-want": want } })
    .catch((e: unknown) => e);
}

describe("error bodies beyond FastAPI's list", () => {
  it('{"error":{"message","type","id"}}: the message, and error.id as the request id', async () => {
    const error = await failure("error-object");
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as APIError).message).toBe("429 Too many requests");
    expect((error as APIError).requestId).toBe("req_vlm_42");
  });

  it('{"detail": "…"}: the string is the message', async () => {
    const error = await failure("detail-string");
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).message).toBe("500 The agent crashed");
  });

  it('{"detail": {…}}: the object, kept whole in body, written as JSON', async () => {
    const error = (await failure("detail-object")) as UnprocessableEntityError;
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.message).toBe('422 {"reason":"quota","remaining":0}');
    expect(error.detail).toEqual([]);
    expect(error.body).toEqual({ detail: { reason: "quota", remaining: 0 } });
  });
});
