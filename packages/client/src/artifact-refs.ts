/** Finding the artifacts an answer refers to: bare ids in its text, `{id}` refs in a structured answer. */

/** An artifact id anywhere in a text, as VLM Run's CLI finds them. */
const ARTIFACT_ID = /\b(?:img|aud|vid|doc|recon|arr|url)_\w{6}\b/g;

/**
 * The artifact ids (`img_a1b2c3`, `vid_…`, `doc_…`, `aud_…`, `recon_…`, `arr_…`, `url_…`) in an answer:
 * a text, a parsed structured answer (its `ImageRef`-style `{"id": …}` fields and any string), or a
 * whole completion. Each id once, in the order found.
 */
export function artifactRefs(answer: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const visit = (value: unknown) => {
    if (typeof value === "string") {
      for (const match of value.matchAll(ARTIFACT_ID)) found.add(match[0]);
    } else if (value !== null && typeof value === "object" && !seen.has(value)) {
      seen.add(value);
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(answer);
  return [...found];
}
