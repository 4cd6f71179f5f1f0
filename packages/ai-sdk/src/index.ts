/**
 * @vlmchat/ai-sdk: VLM Run as a Vercel AI SDK provider (`LanguageModelV3`), on @vlmchat/client.
 */
export { findArtifactRefs } from "./artifacts";
export type { ProviderClientOptions } from "./client-options";
export { DEFAULT_MAX_INLINE_BYTES } from "./file-part";
export { VlmChatLanguageModel } from "./language-model";
export type { VlmRunProviderMetadata } from "./metadata";
export {
  createVlmChat,
  type VlmChatModelId,
  type VlmChatProvider,
  type VlmChatProviderSettings,
  vlmchat,
} from "./provider";
export type { VlmRunFilePartOptions, VlmRunProviderOptions } from "./provider-options";
