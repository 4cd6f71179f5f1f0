import { NoSuchModelError, type ProviderV3 } from "@ai-sdk/provider";
import { type ModelId, VlmChat } from "@vlmchat/client";
import { type ProviderClientOptions, toClientOptions } from "./client-options";
import { DEFAULT_MAX_INLINE_BYTES, uploadsNotAvailable } from "./file-part";
import { VlmChatLanguageModel } from "./language-model";

/** A VLM Run model id: the known ones are suggested, any string is taken (the server decides). */
export type VlmChatModelId = ModelId | (string & {});

export interface VlmChatProviderSettings extends ProviderClientOptions {
  /** Largest file part sent inline as a data URL, in bytes (default 20 MiB); larger ones go by upload. */
  maxInlineBytes?: number;
}

export interface VlmChatProvider extends ProviderV3 {
  (modelId: VlmChatModelId): VlmChatLanguageModel;
  languageModel(modelId: VlmChatModelId): VlmChatLanguageModel;
  chat(modelId: VlmChatModelId): VlmChatLanguageModel;
}

/** A VLM Run provider for the AI SDK; one `VlmChat` client, made on the first call, serves all its models. */
export function createVlmChat(settings: VlmChatProviderSettings = {}): VlmChatProvider {
  // Provider-only options come out before the rest go to the client.
  const { maxInlineBytes = DEFAULT_MAX_INLINE_BYTES, ...clientOptions } = settings;
  if (!Number.isSafeInteger(maxInlineBytes) || maxInlineBytes < 0) {
    throw new RangeError(
      `maxInlineBytes must be a non-negative integer (bytes), got ${String(maxInlineBytes)}`,
    );
  }
  let client: VlmChat | undefined;
  const config = {
    provider: "vlmrun.chat",
    client: () => {
      client ??= new VlmChat(toClientOptions(clientOptions));
      return client;
    },
    maxInlineBytes,
    upload: uploadsNotAvailable,
  };
  const languageModel = (modelId: VlmChatModelId) => new VlmChatLanguageModel(modelId, config);
  const noSuch = (modelType: "embeddingModel" | "imageModel") => (modelId: string) => {
    throw new NoSuchModelError({
      modelId,
      modelType,
      message: `VLM Run has no ${modelType} through this provider`,
    });
  };
  return Object.assign(languageModel, {
    specificationVersion: "v3" as const,
    languageModel,
    chat: languageModel,
    embeddingModel: noSuch("embeddingModel"),
    imageModel: noSuch("imageModel"),
  });
}

/** The default provider: key and base URL from `VLMRUN_API_KEY` and `VLMRUN_BASE_URL`. */
export const vlmchat: VlmChatProvider = createVlmChat();
