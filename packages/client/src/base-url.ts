export const DEFAULT_BASE_URL = "https://agent.vlm.run/v1/openai";

/**
 * The root the spec's paths hang from, for a user-facing base URL. The spec's paths carry the whole
 * prefix (`/v1/openai/chat/completions`, `/v1/health`) while users write the OpenAI-style base
 * (`https://agent.vlm.run/v1/openai`), so the rule is: the base URL must be http(s), end with
 * `/v1/openai` (trailing slashes ignored) and have no query or fragment; that suffix is cut off.
 * `https://proxy.example/vlm/v1/openai` maps to `https://proxy.example/vlm`. Anything else is refused:
 * the health path (`/v1/health`) could not be placed.
 */
export function apiRoot(baseURL: string): string {
  const root = /^(https?:\/\/[^/?#\s]+(?:\/[^?#\s]*?)?)\/v1\/openai\/*$/i.exec(baseURL)?.[1];
  if (!root) {
    throw new TypeError(
      `baseURL must be an http(s) URL ending with /v1/openai, like ${DEFAULT_BASE_URL}; got ${baseURL}`,
    );
  }
  return root;
}
