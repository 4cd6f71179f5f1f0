import { describe, expect, it } from "vitest";
import { apiRoot } from "../src/base-url";
import { VlmChatError } from "../src/errors";

describe("apiRoot", () => {
  it.each([
    { given: "https://agent.vlm.run/v1/openai", want: "https://agent.vlm.run" },
    { given: "https://api.vlm.run/v1/openai/", want: "https://api.vlm.run" },
    { given: "http://127.0.0.1:4010/v1/openai", want: "http://127.0.0.1:4010" },
    { given: "https://proxy.example/vlm/v1/openai//", want: "https://proxy.example/vlm" },
  ])("$given → $want", ({ given, want }) => {
    expect(apiRoot(given)).toBe(want);
  });

  it.each([
    { given: "https://agent.vlm.run", why: /must end with \/v1\/openai/ },
    { given: "https://agent.vlm.run/v1", why: /must end with \/v1\/openai/ },
    { given: "https://agent.vlm.run/v1/openai/chat/completions", why: /must end with/ },
    { given: "agent.vlm.run/v1/openai", why: /not a URL/ },
    { given: "ftp://agent.vlm.run/v1/openai", why: /http/ },
    { given: "https://agent.vlm.run/v1/openai?x=1", why: /query/ },
  ])("refuses $given", ({ given, why }) => {
    expect(() => apiRoot(given)).toThrow(VlmChatError);
    expect(() => apiRoot(given)).toThrow(why);
  });
});
