import * as zodSchemas from "@vlmchat/validation/zod";
import { describe, expect, it } from "vitest";
import { specExamples } from "./spec";

const schemaOf = (name: string) =>
  (zodSchemas as Record<string, { safeParse(v: unknown): { success: boolean } }>)[`${name}Schema`];

describe("zod schemas", () => {
  it.each(specExamples().map((e) => [`${e.schema} ${e.name}`, e]))(
    "accept the spec's example %s",
    (_, example) => {
      const schema = schemaOf(example.schema);
      expect(schema, `no zod schema for ${example.schema}`).toBeDefined();
      expect(schema!.safeParse(example.value)).toMatchObject({ success: true, data: example.value });
    },
  );

  it("keep unknown keys, as the API allows them", () => {
    const request = { messages: [{ role: "user", content: "Hi", x_note: 1 }], x_trace: "abc" };
    expect(zodSchemas.ChatCompletionRequestSchema.parse(request)).toEqual(request);
  });

  it("accept integers beyond 2^53, as JSON Schema and ajv do, and reject fractions", () => {
    expect(
      zodSchemas.UsageSchema.safeParse({
        prompt_tokens: 2 ** 60,
        completion_tokens: 0,
        total_tokens: 2 ** 60,
      }).success,
    ).toBe(true);
    expect(
      zodSchemas.UsageSchema.safeParse({ prompt_tokens: 1.5, completion_tokens: 0, total_tokens: 1 }).success,
    ).toBe(false);
  });
});
