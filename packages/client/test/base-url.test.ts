import { describe, expect, it } from "vitest";
import { apiRoot } from "../src/base-url";

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
    "https://agent.vlm.run",
    "https://agent.vlm.run/v1",
    "https://agent.vlm.run/v1/openai/chat/completions",
    "agent.vlm.run/v1/openai",
    "ftp://agent.vlm.run/v1/openai",
    "https://agent.vlm.run/v1/openai?x=1",
    "https://agent.vlm.run/v1/openai#top",
    "https:///v1/openai",
  ])("refuses %s, saying what it expects", (given) => {
    expect(() => apiRoot(given)).toThrow(TypeError);
    expect(() => apiRoot(given)).toThrow(
      `baseURL must be an http(s) URL ending with /v1/openai, like https://agent.vlm.run/v1/openai; got ${given}`,
    );
  });
});
