import { createHash, timingSafeEqual } from "node:crypto";

export type AuthResult = { ok: true } | { ok: false; detail: string };

/**
 * The bearer-token check. Tokens are compared as SHA-256 digests with `timingSafeEqual`: equal-length
 * inputs, so neither the token's content nor its length leaks through the comparison's timing.
 */
export function createAuthCheck(
  token: string | undefined,
): (authorization: string | undefined) => AuthResult {
  if (token === undefined) return () => ({ ok: true });
  const expected = digest(token);
  return (authorization) => {
    if (authorization === undefined || authorization === "") {
      return { ok: false, detail: "Not authenticated: send Authorization: Bearer <key>" };
    }
    const match = /^bearer[ \t]+(.+)$/i.exec(authorization.trim());
    if (!match?.[1]) {
      return { ok: false, detail: "Invalid Authorization header: expected Bearer <key>" };
    }
    if (!timingSafeEqual(digest(match[1].trim()), expected)) {
      return { ok: false, detail: "Invalid API key" };
    }
    return { ok: true };
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
