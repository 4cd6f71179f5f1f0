export type AuthResult = { ok: true } | { ok: false; detail: string };

/**
 * The bearer-token check. Tokens are compared as SHA-256 digests (Web Crypto, so it runs in a browser
 * too) in a loop that visits every byte: equal-length inputs and no early exit, so neither the token's
 * content nor its length leaks through the comparison's timing.
 */
export function createAuthCheck(
  token: string | undefined,
): (authorization: string | undefined) => Promise<AuthResult> {
  if (token === undefined) return async () => ({ ok: true });
  const expected = digest(token);
  return async (authorization) => {
    if (authorization === undefined || authorization === "") {
      return { ok: false, detail: "Not authenticated: send Authorization: Bearer <key>" };
    }
    const match = /^bearer[ \t]+(.+)$/i.exec(authorization.trim());
    if (!match?.[1]) {
      return { ok: false, detail: "Invalid Authorization header: expected Bearer <key>" };
    }
    if (!equalBytes(await digest(match[1].trim()), await expected)) {
      return { ok: false, detail: "Invalid API key" };
    }
    return { ok: true };
  };
}

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}
