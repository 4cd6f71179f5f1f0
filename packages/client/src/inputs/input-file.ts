import type { InputFilePart } from "@vlmchat/types";
import { MediaInputError } from "../errors";

/** A file uploaded to VLM Run's `/v1/files`: its id, or the file object (`FileResponse`) an upload answered. */
export type UploadedFile = string | { readonly id?: string | null | undefined };

/**
 * The `input_file` part that refers to an uploaded file: `{type: "input_file", file_id}`, flat, as VLM
 * Run's docs and SDKs send it. (A file by URL is `file_url`, or `document()` and the other helpers.)
 */
export function inputFile(file: UploadedFile): InputFilePart {
  const id = typeof file === "string" ? file : file?.id;
  if (typeof id !== "string" || id === "") {
    throw new MediaInputError(
      "inputFile(): give an uploaded file's id (a non-empty string) or the file itself",
    );
  }
  return { type: "input_file", file_id: id };
}
