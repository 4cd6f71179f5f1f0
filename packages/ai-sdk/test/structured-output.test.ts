import { generateObject, generateText, Output } from "ai";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { useMockServer } from "./helpers/mock";
import { recordingFetch } from "./helpers/record";

const mock = useMockServer();

const Receipt = z.object({
  merchant: z.string(),
  total: z.number(),
  items: z.array(z.object({ name: z.string(), price: z.number() })),
});

describe("structured output", () => {
  it("Output.object sends {type: json_schema, schema} and returns a typed, validated object", async () => {
    const recorder = recordingFetch();
    const { output } = await generateText({
      model: mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:auto"),
      prompt: "Extract the receipt.",
      output: Output.object({ schema: Receipt }),
    });
    expectTypeOf(output).toEqualTypeOf<z.infer<typeof Receipt>>();
    expect(Receipt.parse(output)).toEqual(output);
    expect(recorder.bodies[0]?.response_format).toMatchObject({
      type: "json_schema",
      schema: { type: "object", required: ["merchant", "total", "items"] },
    });
  });

  it("generateObject (deprecated in AI SDK 6) does the same", async () => {
    const recorder = recordingFetch();
    const { object } = await generateObject({
      model: mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:auto"),
      prompt: "Extract the receipt.",
      schema: Receipt,
    });
    expectTypeOf(object).toEqualTypeOf<z.infer<typeof Receipt>>();
    expect(Receipt.parse(object)).toEqual(object);
    expect(recorder.bodies[0]?.response_format).toMatchObject({
      type: "json_schema",
      schema: { type: "object" },
    });
  });
});
