import { parseChatCompletionRequest } from "@vlmchat/validation/request";
import { describe, expect, it } from "vitest";
import { specExample } from "../helpers/fixtures";
import { useMockServer } from "../helpers/server";

describe("422: the validation package's real detail", () => {
  const mock = useMockServer();

  it.each([
    { name: "an empty body", body: "" },
    { name: "truncated JSON", body: '{"messages": [{"role": "user", "content": "Hi"' },
    { name: "a trailing comma", body: '{"messages": [],}' },
    { name: "single quotes", body: "{'messages': []}" },
    { name: "a JSON array", body: "[1, 2, 3]" },
    { name: "a JSON string", body: '"hello"' },
    { name: "no messages", body: "{}" },
    { name: "empty messages", body: '{"messages": []}' },
    {
      name: "an unknown role",
      body: '{"messages": [{"role": "moderator", "content": "Hi"}, {"role": "user"}]}',
    },
    {
      name: "temperature too high",
      body: '{"temperature": 3.5, "messages": [{"role": "user", "content": "Hi"}]}',
    },
    {
      name: "a wrong type",
      body: '{"n": "two", "stream": "yes", "messages": [{"role": "user", "content": 5}]}',
    },
    {
      name: "a bad content part",
      body: '{"messages": [{"role": "user", "content": [{"type": "image_url"}]}]}',
    },
    {
      name: "a bad response_format",
      body: '{"response_format": {"type": "json_schema"}, "messages": [{"role": "user", "content": "x"}]}',
    },
  ])("answers $name with exactly the detail of parseChatCompletionRequest", async ({ body }) => {
    const expected = parseChatCompletionRequest(body);
    expect(expected.ok).toBe(false);
    const response = await mock.api.request("POST", "/v1/openai/chat/completions", {
      rawBody: body,
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(422);
    expect(response.json).toEqual({ detail: expected.ok ? undefined : expected.detail });
  });

  it("reports invalid JSON as FastAPI does: json_invalid at a character position", async () => {
    const response = await mock.api.request("POST", "/v1/openai/chat/completions", {
      rawBody: '{"messages": [}',
      headers: { "content-type": "application/json" },
    });
    expect(response.json).toEqual({
      detail: [
        {
          loc: ["body", 14],
          msg: "JSON decode error",
          type: "json_invalid",
          ctx: { error: expect.any(String) },
        },
      ],
    });
  });

  it.each(["error422MissingMessages", "error422TemperatureTooHigh"])(
    "answers the request behind the spec's %s with that example's problems",
    async (name) => {
      const example = specExample<{ detail: { loc: unknown[]; type: string }[] }>(name);
      const body =
        name === "error422MissingMessages"
          ? {}
          : { temperature: 3.5, messages: [{ role: "user", content: "Hi" }] };
      const response = await mock.api.chat(body);
      expect(response.status).toBe(422);
      const detail = (response.json as { detail: { loc: unknown[]; type: string }[] }).detail;
      expect(detail.map(({ loc, type }) => ({ loc, type }))).toEqual(
        example.detail.map(({ loc, type }) => ({ loc, type })),
      );
    },
  );

  it("ignores unknown keys, as the real server's framework does", async () => {
    const response = await mock.api.chat({
      messages: [{ role: "user", content: "Hi" }],
      frequency_penalty: 0.5,
      user: "u1",
    });
    expect(response.status).toBe(200);
  });

  it("parses the body whatever its content-type says", async () => {
    const response = await mock.api.request("POST", "/v1/openai/chat/completions", {
      rawBody: JSON.stringify({ messages: [{ role: "user", content: "Hi" }] }),
      headers: { "content-type": "text/plain" },
    });
    expect(response.status).toBe(200);
  });
});
