import { describe, expect, it } from "vitest";
import { parsePresignedUrlRequest } from "../src/index";

describe("parsePresignedUrlRequest", () => {
  it.each([
    { name: "a file name alone", given: '{"filename":"clip.mp4"}', want: { filename: "clip.mp4" } },
    {
      name: "every field",
      given: '{"filename":"a.pdf","purpose":"vision","expiration":60}',
      want: { filename: "a.pdf", purpose: "vision", expiration: 60 },
    },
  ])("accepts $name", ({ given, want }) => {
    expect(parsePresignedUrlRequest(given)).toEqual({ ok: true, value: want });
  });

  it.each([
    { name: "an empty body", given: "", loc: ["body"], type: "missing" },
    { name: "broken JSON", given: '{"filename":', loc: ["body", 12], type: "json_invalid" },
    { name: "no filename", given: "{}", loc: ["body", "filename"], type: "missing" },
    {
      name: "an unknown purpose",
      given: '{"filename":"a","purpose":"x"}',
      loc: ["body", "purpose"],
      type: "literal_error",
    },
    {
      name: "a zero expiration",
      given: '{"filename":"a","expiration":0}',
      loc: ["body", "expiration"],
      type: "greater_than_equal",
    },
  ])("refuses $name with loc $loc", ({ given, loc, type }) => {
    const result = parsePresignedUrlRequest(given);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail[0]).toMatchObject({ loc, type });
  });
});
