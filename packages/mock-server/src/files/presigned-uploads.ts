/** A presigned upload whose bytes have not arrived yet. */
export interface PendingUpload {
  filename: string;
  purpose: string;
  contentType: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Presigned uploads waiting for their `PUT`, by file id. Expired ones are dropped as new ones are made,
 * so the map stays as small as the uploads in flight.
 */
export class PresignedUploads {
  private readonly pending = new Map<string, PendingUpload>();

  add(id: string, upload: PendingUpload, now = Date.now()): void {
    for (const [key, old] of this.pending) if (old.expiresAt < now) this.pending.delete(key);
    this.pending.set(id, upload);
  }

  get(id: string, now = Date.now()): PendingUpload | undefined {
    const upload = this.pending.get(id);
    return upload && upload.expiresAt >= now ? upload : undefined;
  }

  delete(id: string): void {
    this.pending.delete(id);
  }
}
