/** FNV-1a, 32 bits: a fast deterministic hash for picking variations, not for security. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A short deterministic hex id derived from some text. */
export function hexId(text: string, length = 12): string {
  let out = "";
  for (let round = 0; out.length < length; round++)
    out += fnv1a(`${round}:${text}`).toString(16).padStart(8, "0");
  return out.slice(0, length);
}
