import type { FileResponse } from "@vlmchat/types";
import { expect } from "vitest";
import type { Api } from "./api";
import { media } from "./fixtures";

/** Uploads bytes as the multipart field `file`, as `curl -F file=@…` does; the upload must succeed. */
export async function upload(
  api: Api,
  bytes: Uint8Array,
  filename: string,
  query = "",
): Promise<FileResponse> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), filename);
  const response = await api.request("POST", `/v1/files${query}`, { rawBody: form });
  expect(response.status, response.body).toBe(201);
  return response.json as FileResponse;
}

/**
 * A request whose `file_id`s (from a fixture, naming files uploaded elsewhere) are replaced by files
 * uploaded to this mock: `tiny.pdf`, once per id. Returns the new request and the ids it now holds.
 */
export async function withUploadedFiles<T>(api: Api, request: T): Promise<{ request: T; ids: string[] }> {
  const renamed = new Map<string, string>();
  const ids: string[] = [];
  const visit = async (value: unknown): Promise<void> => {
    if (Array.isArray(value)) {
      for (const item of value) await visit(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if (
      typeof record.file_id === "string" &&
      record.file_data === undefined &&
      record.file_url === undefined
    ) {
      let id = renamed.get(record.file_id);
      if (id === undefined) {
        id = (await upload(api, media("tiny.pdf"), "document.pdf")).id as string;
        renamed.set(record.file_id, id);
        ids.push(id);
      }
      record.file_id = id;
    }
    for (const child of Object.values(record)) await visit(child);
  };
  const copy = structuredClone(request);
  await visit(copy);
  return { request: copy, ids };
}
