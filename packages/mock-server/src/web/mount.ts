import { API_PREFIX } from "../http/routes";

export const DEFAULT_BASE_URL = "https://agent.vlm.run/v1/openai";

/** Where the API hangs under an origin: the base URL's path without its `/v1/openai` (`""` at the root). */
export interface Mount {
  /** The base URL as given, trailing slashes removed. */
  baseURL: URL;
  /** The path the spec's paths (`/v1/openai/…`, `/v1/health`) hang from. */
  root: string;
}

/**
 * Reads a base URL as the client does: http(s), ending with `/v1/openai`, no query or fragment.
 * `https://proxy.example/vlm/v1/openai` puts the API under `/vlm`.
 */
export function mountOf(baseURL: string): Mount {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new TypeError(
      `baseURL must be an http(s) URL ending with /v1/openai, got ${JSON.stringify(baseURL)}`,
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (!/^https?:$/.test(url.protocol) || !path.endsWith(API_PREFIX) || url.search !== "" || url.hash !== "") {
    throw new TypeError(
      `baseURL must be an http(s) URL ending with /v1/openai, got ${JSON.stringify(baseURL)}`,
    );
  }
  url.pathname = path;
  return { baseURL: url, root: path.slice(0, -API_PREFIX.length) };
}

/**
 * The request target the core sees for a URL under the mount (`/vlm/v1/openai/models` →
 * `/v1/openai/models`); undefined for a URL outside it.
 */
export function targetOf(mount: Mount, url: URL): string | undefined {
  if (!url.pathname.startsWith(`${mount.root}/`)) return undefined;
  return `${url.pathname.slice(mount.root.length)}${url.search}`;
}
