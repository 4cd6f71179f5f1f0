import { NoSuchModelError, type ProviderV3 } from "@ai-sdk/provider";
import { type ModelId, VlmChat } from "@vlmchat/client";
import { type ProviderClientOptions, toClientOptions } from "./client-options";
import { DEFAULT_MAX_INLINE_BYTES, uploadsTurnedOff, uploadThrough } from "./file-part";
import { VlmChatLanguageModel } from "./language-model";

/** A VLM Run model id: the known ones are suggested, any string is taken (the server decides). */
export type VlmChatModelId = ModelId | (string & {});

export interface VlmChatProviderSettings extends ProviderClientOptions {
  /** Largest file part sent inline as a data URL, in bytes (default 20 MiB); larger ones go by upload. */
  maxInlineBytes?: number;
  /**
   * Whether a file part over `maxInlineBytes` is uploaded through `client.files` and sent as
   * `input_file` (default true); with false it is refused before anything is sent.
   */
  uploads?: boolean;
}

export interface VlmChatProvider extends ProviderV3 {
  (modelId: VlmChatModelId): VlmChatLanguageModel;
  languageModel(modelId: VlmChatModelId): VlmChatLanguageModel;
  chat(modelId: VlmChatModelId): VlmChatLanguageModel;
}

/** A VLM Run provider for the AI SDK; one `VlmChat` client, made on the first call, serves all its models. */
export function createVlmChat(settings: VlmChatProviderSettings = {}): VlmChatProvider {
  // Provider-only options come out before the rest go to the client.
  const { maxInlineBytes = DEFAULT_MAX_INLINE_BYTES, uploads = true, ...clientOptions } = settings;
  if (!Number.isSafeInteger(maxInlineBytes) || maxInlineBytes < 0) {
    throw new RangeError(
      `maxInlineBytes must be a non-negative integer (bytes), got ${String(maxInlineBytes)}`,
    );
  }
  if (typeof uploads !== "boolean") {
    throw new TypeError(`uploads must be true or false, got ${String(uploads)}`);
  }
  // The main entry's client, not `@vlmchat/client/node`'s, so the provider runs in edge runtimes and
  // browsers too; uploads from it take bytes (what the SDK gives) and skip the MD5 dedupe.
  let client: VlmChat | undefined;
  const getClient = () => {
    client ??= new VlmChat(toClientOptions(clientOptions));
    return client;
  };
  const config = {
    provider: "vlmrun.chat",
    client: getClient,
    maxInlineBytes,
    upload: uploads ? uploadThrough(getClient) : uploadsTurnedOff,
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
