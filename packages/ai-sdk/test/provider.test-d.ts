import type { LanguageModelV3, ProviderV3 } from "@ai-sdk/provider";
import { describe, expectTypeOf, it } from "vitest";
import { createVlmChat, type VlmChatModelId, type VlmChatProviderSettings, vlmchat } from "../src/index";

describe("types", () => {
  it("model ids: the known ones suggested, any string taken", () => {
    expectTypeOf<"vlmrun-orion-1:auto">().toExtend<VlmChatModelId>();
    expectTypeOf<"a-model-from-next-month">().toExtend<VlmChatModelId>();
    expectTypeOf(vlmchat("vlmrun-orion-1:pro")).toExtend<LanguageModelV3>();
    expectTypeOf(vlmchat).toExtend<ProviderV3>();
  });

  it("settings: the client's options but retries, the base URL spelled baseURL", () => {
    expectTypeOf<{
      baseURL: string;
      apiKey: null;
      idleTimeout: number;
      maxInlineBytes: number;
      uploads: boolean;
    }>().toExtend<VlmChatProviderSettings>();
    // @ts-expect-error: uploads is on or off
    createVlmChat({ uploads: "never" });
    // @ts-expect-error: the SDK retries, not the provider's client
    createVlmChat({ maxRetries: 2 });
    // @ts-expect-error: spelled baseURL, as in every AI SDK provider
    createVlmChat({ baseUrl: "http://127.0.0.1:1/v1/openai" });
  });
});
