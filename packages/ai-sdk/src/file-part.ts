import { type LanguageModelV3FilePart, UnsupportedFunctionalityError } from "@ai-sdk/provider";
import { audio, type ContentPart, document, image, type MediaOptions, video } from "@vlmchat/client";
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

/**
 * Turns a file over the inline limit into a content part that refers to it. Today it refuses: the
 * client has no `files.upload` yet; when it does, this uploads through `client.files` and answers an
 * `input_file` part.
 */
export type UploadFile = (file: LargeFile) => Promise<ContentPart>;

export const uploadsNotAvailable: UploadFile = async (file) => {
  throw new UnsupportedFunctionalityError({
    functionality: "file uploads",
    message: `${file.filename ?? "A file part"} (${file.mediaType}) is ${(file.bytes / MiB).toFixed(1)} MiB, over the limit for files sent inline (maxInlineBytes); uploads through client.files are not available yet in @vlmchat/ai-sdk: pass an https URL instead`,
  });
};

/**
 * A file part as a VLM Run content part, by its media type: `image/*` → `image_url` (with
 * `providerOptions.vlmrun.detail`), `video/*` → `video_url`, `audio/*` → `audio_url`, anything else →
 * `file_url`. URLs pass through; bytes and base64 become data URLs, checked by the client's input helpers
 * (which sniff the bytes); a file over `maxInlineBytes` goes to `upload`.
 */
export async function filePart(
  part: LanguageModelV3FilePart,
  maxInlineBytes: number,
  upload: UploadFile,
): Promise<ContentPart> {
  const detail = readDetail(part.providerOptions);
  const options: MediaOptions = { maxBytes: maxInlineBytes, ...(detail && { detail }) };
  const data = part.data;
  if (!(data instanceof URL)) {
    const bytes = typeof data === "string" ? base64Size(data) : data.byteLength;
    if (bytes > maxInlineBytes) {
      return upload({ data, mediaType: part.mediaType, filename: part.filename, bytes });
    }
  }
  const source = typeof data === "string" ? `data:${part.mediaType};base64,${data}` : data;
  const [top] = part.mediaType.split("/");
  if (top === "image") return image(source, options);
  if (top === "video") return video(source, options);
  if (top === "audio") return audio(source, options);
  return document(source, options);
}

/** The number of bytes a base64 string holds. */
function base64Size(text: string): number {
  const length = text.length - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
  return Math.floor((length * 3) / 4);
}
