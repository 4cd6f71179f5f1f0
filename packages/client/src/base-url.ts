import { VlmChatError } from "./errors";

export const DEFAULT_BASE_URL = "https://agent.vlm.run/v1/openai";
const API_PREFIX = "/v1/openai";

/**
 * The root the spec's paths hang from, for a user-facing base URL. The spec's paths carry the whole
 * prefix (`/v1/openai/chat/completions`, `/v1/health`) while users write the OpenAI-style base
 * (`https://agent.vlm.run/v1/openai`), so the rule is: the base URL must end with `/v1/openai`
 * (trailing slashes ignored), and that suffix is cut off. `https://proxy.example/vlm/v1/openai` maps to
 * `https://proxy.example/vlm`. Anything else is refused, since the health path could not be placed.
 */
export function apiRoot(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new VlmChatError(
      `baseUrl is not a URL: ${JSON.stringify(baseUrl)} (expected e.g. ${DEFAULT_BASE_URL})`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new VlmChatError(`baseUrl must be http(s): ${JSON.stringify(baseUrl)}`);
  }
  if (url.search || url.hash) throw new VlmChatError(`baseUrl must not have a query or fragment: ${baseUrl}`);
  const path = url.pathname.replace(/\/+$/, "");
  if (!path.endsWith(API_PREFIX)) {
    throw new VlmChatError(
      `baseUrl must end with ${API_PREFIX} (e.g. ${DEFAULT_BASE_URL}, or http://127.0.0.1:8000${API_PREFIX} for a local server); got ${baseUrl}`,
    );
  }
  return url.origin + path.slice(0, -API_PREFIX.length);
}
