import { formatDetail, formatLocation } from "@vlmchat/validation/errors";
import { describe, expect, it } from "vitest";

describe("formatLocation", () => {
  it.each([
    { given: ["body", "messages", 0, "role"], want: "messages[0].role" },
    {
      given: ["body", "messages", 1, "content", 2, "image_url", "url"],
      want: "messages[1].content[2].image_url.url",
    },
    { given: ["body", "metadata", "odd key"], want: 'metadata["odd key"]' },
    { given: ["body", 12], want: "[12]" },
    { given: ["body"], want: "(request body)" },
    { given: ["response", "choices", 0], want: "choices[0]" },
    { given: ["query", "limit"], want: "query.limit" },
  ])("$given → $want", ({ given, want }) => {
    expect(formatLocation(given)).toBe(want);
  });
});

describe("formatDetail", () => {
  it("gives one line per item, path first", () => {
    const detail = [
      {
        loc: ["body", "messages", 0, "role"],
        msg: "Input should be 'system', 'developer', 'user', 'assistant' or 'tool'",
        type: "literal_error",
      },
      {
        loc: ["body", "temperature"],
        msg: "Input should be less than or equal to 2",
        type: "less_than_equal",
      },
    ];
    expect(formatDetail(detail)).toEqual([
      "messages[0].role: Input should be 'system', 'developer', 'user', 'assistant' or 'tool'",
      "temperature: Input should be less than or equal to 2",
    ]);
  });

  it("passes a string detail through and survives items without a loc", () => {
    expect(formatDetail("Not Found")).toEqual(["Not Found"]);
    expect(formatDetail([{ msg: "odd" }])).toEqual(["odd"]);
  });
});
