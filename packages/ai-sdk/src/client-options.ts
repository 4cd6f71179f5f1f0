import type { ClientOptions } from "@vlmchat/client";

/**
 * The client's options a provider takes: all of `VlmChat`'s but `maxRetries` (the SDK retries, so the
 * provider's client never does) and with the base URL spelled `baseURL`, as in every AI SDK provider.
 */
export type ProviderClientOptions = Omit<ClientOptions, "maxRetries" | "baseUrl"> & {
  /** The API's base URL, ending with `/v1/openai`. Default: `VLMRUN_BASE_URL`, else VLM Run's. */
  baseURL?: string | undefined;
};

/** The options for `new VlmChat(…)`: retries off, the base URL in the client's spelling. */
export function toClientOptions(options: ProviderClientOptions): ClientOptions {
  // The client spells it `baseUrl` until it takes `baseURL` too (client-core issue): then this goes.
  const { baseURL, ...rest } = options;
  return { ...rest, ...(baseURL !== undefined && { baseUrl: baseURL }), maxRetries: 0 };
}
