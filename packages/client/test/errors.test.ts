import { describe, expect, it } from "vitest";
import { errorFromResponse } from "../src/error-body";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  VlmChatError,
} from "../src/errors";

const headers = new Headers({ "x-request-id": "req_123" });

describe("errorFromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [413, PayloadTooLargeError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, APIError],
  ])("%i is a %o", (status, ErrorClass) => {
    const error = errorFromResponse(status, { detail: "x" }, headers);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(VlmChatError);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe("req_123");
  });

  it.each([
    { name: "FastAPI detail string", body: { detail: "Session not found" }, want: "404 Session not found" },
    {
      name: "FastAPI detail list",
      body: {
        detail: [
          { loc: ["body", "messages", 0, "role"], msg: "Input should be 'user'", type: "literal_error" },
          {
            loc: ["body", "temperature"],
            msg: "Input should be less than or equal to 2",
            type: "less_than_equal",
          },
        ],
      },
      want: "404 messages[0].role: Input should be 'user'; temperature: Input should be less than or equal to 2",
    },
    {
      name: "OpenAI error",
      body: {
        error: {
          message: "Incorrect API key provided.",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      },
      want: "404 Incorrect API key provided.",
    },
    { name: "plain text", body: "upstream   timed out\n", want: "404 upstream timed out" },
    {
      name: "HTML",
      body: "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad</h1></body></html>",
      want: "404 502 Bad Gateway",
    },
    { name: "HTML without a title", body: "<p>Service <b>down</b></p>", want: "404 Service down" },
    { name: "a bare error string", body: { error: "Unauthorized" }, want: "404 Unauthorized" },
    {
      name: "VLM Run's error object with an id",
      body: { error: { message: "Quota exceeded", type: "rate_limit", id: "req_abc" } },
      want: "404 Quota exceeded",
    },
    {
      name: "a detail object",
      body: { detail: { reason: "quota", limit: 5 } },
      want: '404 {"reason":"quota","limit":5}',
    },
    { name: "no body", body: undefined, want: "404 Not Found" },
    { name: "unknown JSON", body: { oops: 1 }, want: '404 {"oops":1}' },
  ])("a readable message from $name", ({ body, want }) => {
    expect(errorFromResponse(404, body, new Headers(), "Not Found").message).toBe(want);
  });

  it("takes error.id of an {error} body as the request id when there is no x-request-id", () => {
    const body = { error: { message: "Quota exceeded", type: "rate_limit", id: "req_from_body" } };
    expect(errorFromResponse(429, body, new Headers()).requestId).toBe("req_from_body");
    expect(errorFromResponse(429, body, headers).requestId).toBe("req_123");
  });

  it("keeps a 422's detail whole and typed", () => {
    const detail = [{ loc: ["body", "messages"], msg: "Field required", type: "missing" }];
    const error = errorFromResponse(422, { detail }, headers);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as UnprocessableEntityError).detail).toEqual(detail);
  });

  it("says how many field errors it did not show", () => {
    const detail = Array.from({ length: 5 }, (_, i) => ({ loc: ["body", i], msg: "bad", type: "t" }));
    expect(errorFromResponse(422, { detail }, headers).message).toMatch(/\(and 2 more\)$/);
  });

  it("cuts the API key out of an echoed body, message and JSON", () => {
    const key = "vlm-secret-key-0123456789";
    const error = errorFromResponse(401, { detail: `Invalid API key ${key}` }, headers, "", key);
    expect(error.message).toBe("401 Invalid API key [redacted]");
    expect(JSON.stringify(error)).not.toContain(key);
    expect(JSON.stringify(error.body)).not.toContain(key);
    const text = errorFromResponse(401, `bad token: Bearer ${key}`, headers, "", key);
    expect(`${text.message} ${String(text.body)}`).not.toContain(key);
  });

  it("serialises without headers", () => {
    const error = errorFromResponse(500, { detail: "boom" }, new Headers({ "set-cookie": "a=b" }));
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "InternalServerError",
      message: "500 boom",
      status: 500,
      body: { detail: "boom" },
    });
  });
});
