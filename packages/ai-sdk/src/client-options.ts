import type { ClientOptions } from "@vlmchat/client";

/**
 * The client's options a provider takes: all of `VlmChat`'s but `maxRetries` (the SDK retries, so the
 * provider's client never does).
 */
export type ProviderClientOptions = Omit<ClientOptions, "maxRetries">;

/** The options for `new VlmChat(…)`: the user's, with retries off. */
export function toClientOptions(options: ProviderClientOptions): ClientOptions {
  return { ...options, maxRetries: 0 };
}
