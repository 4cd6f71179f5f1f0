/**
 * Signed tokens for the URLs the mock hands out without the API key: a presigned upload (`PUT`) and a
 * file's public URL (`GET`). A token is `<payload>.<signature>`, both base64url, the signature an
 * HMAC-SHA-256 of the payload under a key made at random for each server, so a token outlives neither
 * its expiry nor its server. Web Crypto only: it runs wherever `crypto.subtle` does.
 */

export interface TokenClaims {
  /** What the token allows: putting a presigned upload's bytes, or reading a file. */
  use: "upload" | "read";
  /** The file's id. */
  id: string;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

export interface TokenSigner {
  sign(claims: TokenClaims): Promise<string>;
  /** The claims when the signature is right and the token has not expired, else why not. */
  verify(
    token: string,
    use: TokenClaims["use"],
  ): Promise<{ ok: true; claims: TokenClaims } | { ok: false; detail: string }>;
}

export async function createTokenSigner(now: () => number = () => Date.now() / 1000): Promise<TokenSigner> {
  const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const encoder = new TextEncoder();
  return {
    async sign(claims) {
      const payload = base64url(encoder.encode(JSON.stringify(claims)));
      const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(payload));
      return `${payload}.${base64url(new Uint8Array(signature))}`;
    },
    async verify(token, use) {
      const [payload, signature, extra] = token.split(".");
      const signatureBytes = signature === undefined ? undefined : fromBase64url(signature);
      if (!payload || !signatureBytes || extra !== undefined)
        return { ok: false, detail: "Malformed upload token" };
      // `verify` compares in constant time.
      const valid = await crypto.subtle.verify("HMAC", key, signatureBytes, encoder.encode(payload));
      if (!valid) return { ok: false, detail: "Invalid signature" };
      // Signed by this server, so the payload is its own JSON.
      const claims = JSON.parse(new TextDecoder().decode(fromBase64url(payload))) as TokenClaims;
      if (claims.use !== use) return { ok: false, detail: "This URL does not allow this method" };
      if (claims.exp < now()) return { ok: false, detail: "This URL has expired" };
      return { ok: true, claims };
    },
  };
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
