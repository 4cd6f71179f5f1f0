/** One artifact the mock made, kept for the session that made it. */
export interface Artifact {
  /** `img_` and six hex digits (the spec's ArtifactId). */
  objectId: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  /** What made it (`image-gen`). */
  source: string;
}

/**
 * Artifacts per session, in memory. They are small (the mock's images are a fixed 92-byte PNG, shared),
 * so the bound is a count: past `maxArtifacts`, the oldest session's artifacts are forgotten, as
 * in-memory sessions are.
 */
export class ArtifactStore {
  // A Map iterates in insertion order: the session that made an artifact longest ago comes first.
  private readonly sessions = new Map<string, Map<string, Artifact>>();
  private count = 0;

  constructor(private readonly maxArtifacts = 100_000) {}

  add(sessionId: string, artifact: Artifact): void {
    const artifacts = this.sessions.get(sessionId) ?? new Map<string, Artifact>();
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, artifacts);
    if (!artifacts.has(artifact.objectId)) this.count++;
    artifacts.set(artifact.objectId, artifact);
    for (const [id, oldest] of this.sessions) {
      if (this.count <= this.maxArtifacts || id === sessionId) break;
      this.sessions.delete(id);
      this.count -= oldest.size;
    }
  }

  /** An artifact by id or file name, only from the session that made it. */
  find(sessionId: string, key: { objectId?: string; filename?: string }): Artifact | undefined {
    const artifacts = this.sessions.get(sessionId);
    if (!artifacts) return undefined;
    if (key.objectId !== undefined) return artifacts.get(key.objectId);
    for (const artifact of artifacts.values()) if (artifact.filename === key.filename) return artifact;
    return undefined;
  }

  list(sessionId: string): Artifact[] {
    return [...(this.sessions.get(sessionId)?.values() ?? [])];
  }
}
