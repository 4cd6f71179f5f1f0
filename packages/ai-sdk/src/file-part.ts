import { type LanguageModelV3FilePart, UnsupportedFunctionalityError } from "@ai-sdk/provider";
import {
  apiRoot,
  audio,
  type ContentPart,
  document,
  image,
  inputFile,
  type MediaOptions,
  type VlmChat,
  video,
} from "@vlmchat/client";
import { toSdkError } from "./errors";
import { readDetail } from "./provider-options";

const MiB = 1024 * 1024;
/** The client's limit for images sent inline; above it a file goes by upload. */
export const DEFAULT_MAX_INLINE_BYTES = 20 * MiB;

/** A file the prompt carries that is too large to send inline. */
export interface LargeFile {
  data: Uint8Array | string;
  mediaType: string;
  filename: string | undefined;
  bytes: number;
}

/** Turns a file over the inline limit into a content part that refers to it (or refuses it). */
export type UploadFile = (file: LargeFile, signal: AbortSignal | undefined) => Promise<ContentPart>;

/**
 * Uploads through `client.files` and answers the flat `{type: "input_file", file_id}` part. An upload
 * the API refuses, or that cannot reach it, is the SDK's `APICallError`, as a failed chat call is.
 */
export function uploadThrough(client: () => VlmChat): UploadFile {
  return async (file, signal) => {
    const vlmchat = client();
    const bytes = typeof file.data === "string" ? fromBase64(file.data) : file.data;
    // The DOM typings take only ArrayBuffer-backed views; the SDK's bytes are (it never uses SharedArrayBuffer).
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: file.mediaType });
    try {
      const uploaded = await vlmchat.files.upload(blob, {
        filename: file.filename,
        signal,
        maxRetries: 0,
      });
      return inputFile(uploaded);
    } catch (error) {
      throw toSdkError(error, {
        url: `${apiRoot(vlmchat.baseURL)}/v1/files`,
        requestBody: { filename: file.filename, mediaType: file.mediaType, bytes: file.bytes },
        signal,
      });
    }
  };
}

/** With `uploads: false`: a file over the limit is refused before anything is sent. */
export const uploadsTurnedOff: UploadFile = async (file) => {
  throw new UnsupportedFunctionalityError({
    functionality: "file uploads",
    message: `${file.filename ?? "A file part"} (${file.mediaType}) is ${(file.bytes / MiB).toFixed(1)} MiB, over the limit for files sent inline (maxInlineBytes), and uploads are turned off (uploads: false): pass an https URL, or turn uploads on`,
  });
};

/**
 * A file part as a VLM Run content part, by its media type: `image/*` → `image_url` (with
 * `providerOptions.vlmrun.detail`), `video/*` → `video_url`, `audio/*` → `audio_url`, anything else →
 * `file_url`. URLs pass through; bytes and base64 become data URLs, checked by the client's input helpers
 * (which sniff the bytes); a file over `maxInlineBytes` goes to `upload` (uploaded, or refused).
 */
export async function filePart(
  part: LanguageModelV3FilePart,
  maxInlineBytes: number,
  upload: UploadFile,
  signal?: AbortSignal,
): Promise<ContentPart> {
  const detail = readDetail(part.providerOptions);
  const options: MediaOptions = { maxBytes: maxInlineBytes, ...(detail && { detail }) };
  const data = part.data;
  if (!(data instanceof URL)) {
    const bytes = typeof data === "string" ? base64Size(data) : data.byteLength;
    if (bytes > maxInlineBytes) {
      return upload({ data, mediaType: part.mediaType, filename: part.filename, bytes }, signal);
    }
  }
  const source = typeof data === "string" ? `data:${part.mediaType};base64,${data}` : data;
  const [top] = part.mediaType.split("/");
  if (top === "image") return image(source, options);
  if (top === "video") return video(source, options);
  if (top === "audio") return audio(source, options);
  return document(source, options);
}

/** Base64 as bytes, with what every runtime has (`atob`; Node 20 has no `Uint8Array.fromBase64`). */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The number of bytes a base64 string holds. */
function base64Size(text: string): number {
  const length = text.length - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
  return Math.floor((length * 3) / 4);
}
