import type { FileResponse } from "@vlmchat/types";
import type { StoredFile } from "./file-store";

/** A stored file as the API answers it (`public_url` when one was made for this answer). */
export function fileResponse(file: StoredFile, publicUrl: string | null = null): FileResponse {
  return {
    id: file.id,
    object: "file",
    filename: file.filename,
    bytes: file.bytes,
    purpose: file.purpose,
    created_at: new Date(file.createdAt).toISOString(),
    public_url: publicUrl,
  };
}
