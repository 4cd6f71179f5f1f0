/** An artifact id in free text, as VLM Run's CLI finds them: a type prefix, `_`, six characters. */
const ARTIFACT_REF = /\b(img|aud|vid|doc|recon|arr|url)_\w{6}\b/g;

/** The artifact ids `text` mentions (images, audio, video, documents, reconstructions, arrays, URLs), each once, in order. */
export function findArtifactRefs(text: string): string[] {
  return [...new Set(text.match(ARTIFACT_REF))];
}
