import { parseChatCompletionRequest, validateChatCompletionRequest } from "@vlmchat/validation/request";
import { describe, expect, it } from "vitest";
import { specExample, specExamples } from "./spec";

const requests = specExamples().filter((e) => e.schema === "ChatCompletionRequest");

describe("validateChatCompletionRequest", () => {
  it.each(requests.map((e) => [e.name, e.value]))("accepts the spec's example %s", (_, value) => {
    expect(validateChatCompletionRequest(value)).toEqual({ ok: true, value });
    expect(validateChatCompletionRequest(value, { strict: true })).toEqual({ ok: true, value });
  });

  it("gives the spec's 422 for a message with an unknown role and one without content", () => {
    const [wrongRole, missingContent] = (specExample("error422InvalidRole") as { detail: [unknown, unknown] })
      .detail;
    const request = { messages: [{ role: "moderator", content: "Hi" }, { role: "user" }] };
    expect(validateChatCompletionRequest(request)).toEqual({
      ok: false,
      detail: [wrongRole, missingContent],
    });
  });

  it("gives the spec's 422 for a request without messages", () => {
    const { detail } = specExample("error422MissingMessages") as { detail: unknown[] };
    expect(validateChatCompletionRequest({ model: "vlmrun-orion-1:auto" })).toMatchObject({
      ok: false,
      detail,
    });
  });

  it("gives the spec's 422 for a temperature above 2", () => {
    const { detail } = specExample("error422TemperatureTooHigh") as { detail: unknown[] };
    const request = { messages: [{ role: "user", content: "Hi" }], temperature: 3.5 };
    expect(validateChatCompletionRequest(request)).toEqual({ ok: false, detail });
  });
});

describe("parseChatCompletionRequest", () => {
  const cases: { name: string; given: string; want: unknown }[] = [
    {
      name: "an empty body",
      given: "",
      want: [{ loc: ["body"], msg: "Field required", type: "missing", input: null }],
    },
    {
      name: "a truncated object",
      given: '{"messages": [',
      want: [
        {
          loc: ["body", 14],
          msg: "JSON decode error",
          type: "json_invalid",
          ctx: { error: "Expecting value" },
        },
      ],
    },
    {
      name: "a trailing comma in an object",
      given: '{"messages": [],}',
      want: [
        {
          loc: ["body", 16],
          msg: "JSON decode error",
          type: "json_invalid",
          ctx: { error: "Expecting property name enclosed in double quotes" },
        },
      ],
    },
    {
      name: "a position after an emoji, counted in code points as Python does",
      given: '{"a": "😀" "b"}',
      want: [
        {
          loc: ["body", 10],
          msg: "JSON decode error",
          type: "json_invalid",
          ctx: { error: "Expecting ',' delimiter" },
        },
      ],
    },
  ];
  it.each(cases)("$name", ({ given, want }) => {
    expect(parseChatCompletionRequest(given)).toEqual({ ok: false, detail: want });
  });

  it("validates what parses", () => {
    expect(parseChatCompletionRequest('{"messages": []}')).toMatchObject({
      ok: false,
      detail: [{ loc: ["body", "messages"], type: "too_short" }],
    });
    const text = JSON.stringify(specExample("requestTextOnly"));
    expect(parseChatCompletionRequest(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });
});
