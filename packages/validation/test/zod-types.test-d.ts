import type { components } from "@vlmchat/types";
import type * as zodSchemas from "@vlmchat/validation/zod";
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";

type Schemas = components["schemas"];
type Output<K extends keyof Schemas> = `${K}Schema` extends keyof typeof zodSchemas
  ? z.output<(typeof zodSchemas)[`${K}Schema`]>
  : "no zod schema";
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe("zod schemas", () => {
  it("exist for every component schema, and each z.output is mutually assignable with its @vlmchat/types type", () => {
    // A `false` here names the schema whose zod output drifted from the openapi-typescript type.
    expectTypeOf<{ [K in keyof Schemas]: MutuallyAssignable<Output<K>, Schemas[K]> }>().toEqualTypeOf<{
      [K in keyof Schemas]: true;
    }>();
  });

  it("keep the discriminated unions' tags as literal types", () => {
    expectTypeOf<Output<"ContentPart">["type"]>().toEqualTypeOf<
      "text" | "image_url" | "video_url" | "audio_url" | "file_url" | "input_file" | "input_audio" | "file"
    >();
    expectTypeOf<Output<"Message">["role"]>().toEqualTypeOf<
      "system" | "developer" | "user" | "assistant" | "tool"
    >();
    expectTypeOf<Output<"ResponseFormat">["type"]>().toEqualTypeOf<"text" | "json_object" | "json_schema">();
  });
});
