import type { ContentPart, MessageContent } from "@vlmchat/types";
import { decodeBase64 } from "./bytes";
import { base64ByteLength, DEFAULT_HEAD_BYTES, decodeDataUrl } from "./data-url";
import { readImageInfo } from "./image-size";
import { mimeTypeFromName, mimeTypeOfAudioFormat, sniffMimeType, wavDurationSeconds } from "./sniff";

export type PartKind = "text" | "image" | "video" | "audio" | "document" | "file";

/** What the mock can tell about one content part without fetching anything. */
export interface PartDescription {
  type: ContentPart["type"];
  kind: PartKind;
  /** Where the content is: in the request (`inline` text or base64, a `data-url`), at a `url`, or a `file-id`. */
  source: "inline" | "data-url" | "url" | "file-id";
  /** A text part's text. */
  text?: string;
  /** A text part's length in characters (code points), counted once per request. */
  chars?: number;
  /** The declared media type, or the one the file name or URL suggests. */
  mimeType?: string;
  /** The media type the bytes announce, when it differs from `mimeType`. */
  sniffedMimeType?: string;
  bytes?: number;
  width?: number;
  height?: number;
  durationSeconds?: number;
  url?: string;
  fileId?: string;
  filename?: string;
  detail?: string;
  /** Why the content could not be read (a malformed data URL, an unsupported scheme). */
  problem?: string;
}

/** An uploaded file as a chat turn sees it: its name, size and first bytes. */
export interface FileFacts {
  filename: string;
  bytes: number;
  head: Uint8Array;
}

/** The uploaded files a request refers to, by id (read before the answer is planned). */
export type FileLookup = ReadonlyMap<string, FileFacts>;

/** The file ids a message's content refers to (`input_file` and OpenAI's `file` parts). */
export function referencedFileIds(content: MessageContent | null | undefined): string[] {
  if (content === null || content === undefined || typeof content === "string") return [];
  return content.flatMap((part) => {
    if (part.type === "input_file" && part.file_url === undefined && part.file_id !== undefined)
      return [part.file_id];
    if (part.type === "file") {
      const file = part.file as { file_data?: string; file_id?: string };
      if (file.file_data === undefined && file.file_id !== undefined) return [file.file_id];
    }
    return [];
  });
}

/** Describes a message's content: a string is one text part. */
export function describeContent(
  content: MessageContent | null | undefined,
  files?: FileLookup,
): PartDescription[] {
  if (content === null || content === undefined) return [];
  if (typeof content === "string") return [textPart(content)];
  return content.map((part) => describePart(part, files));
}

function textPart(text: string): PartDescription {
  return { type: "text", kind: "text", source: "inline", text, chars: codePoints(text) };
}

/** The number of code points: UTF-16 units less one per surrogate pair. */
function codePoints(text: string): number {
  const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
  return text.length - (pairs?.length ?? 0);
}

export function describePart(part: ContentPart, files?: FileLookup): PartDescription {
  switch (part.type) {
    case "text":
      return textPart(part.text);
    case "image_url":
      return withDetail(inspectUrl("image_url", "image", part.image_url.url), part.image_url.detail);
    case "video_url":
      return inspectUrl("video_url", "video", part.video_url.url);
    case "audio_url":
      return inspectUrl("audio_url", "audio", part.audio_url.url);
    case "file_url":
      return withDetail(inspectUrl("file_url", "document", part.file_url.url), part.file_url.detail);
    case "input_file": {
      const { file_id: fileId, file_url: fileUrl } = part;
      if (fileUrl !== undefined)
        return { ...inspectUrl("input_file", "file", fileUrl.url), ...(fileId ? { fileId } : {}) };
      return describeUploaded("input_file", fileId ?? "", files);
    }
    case "input_audio": {
      const mimeType = mimeTypeOfAudioFormat(part.input_audio.format);
      const base: PartDescription = { type: "input_audio", kind: "audio", source: "inline", mimeType };
      const size = base64ByteLength(part.input_audio.data);
      if (size === undefined) return { ...base, problem: "invalid base64" };
      const head = decodeBase64(part.input_audio.data.slice(0, (DEFAULT_HEAD_BYTES / 3) * 4));
      return { ...base, ...inspectBytes(head, size, mimeType) };
    }
    case "file": {
      const file = part.file as { file_data?: string; file_id?: string; filename?: string };
      const named = file.filename ? { filename: file.filename } : {};
      if (file.file_data !== undefined) {
        const described = inspectUrl("file", "file", file.file_data);
        const hinted = described.mimeType ?? (file.filename ? mimeTypeFromName(file.filename) : undefined);
        return { ...described, ...named, ...(hinted ? { mimeType: hinted } : {}) };
      }
      return { ...describeUploaded("file", file.file_id ?? "", files), ...named };
    }
  }
}

/**
 * An uploaded file, read like an inline part: its name suggests a media type and its bytes say what it
 * is (a name with no known extension takes the type its bytes announce).
 */
function describeUploaded(type: ContentPart["type"], fileId: string, files?: FileLookup): PartDescription {
  const base: PartDescription = { type, kind: "file", source: "file-id", fileId };
  const file = files?.get(fileId);
  if (!file) return base;
  const named = mimeTypeFromName(file.filename);
  const found = inspectBytes(Buffer.from(file.head), file.bytes, named ?? "");
  const mimeType = named ?? found.sniffedMimeType;
  if (!named) delete found.sniffedMimeType;
  return { ...base, ...found, filename: file.filename, ...(mimeType ? { mimeType } : {}) };
}

function withDetail(description: PartDescription, detail: string | undefined): PartDescription {
  return detail === undefined ? description : { ...description, detail };
}

function inspectUrl(type: ContentPart["type"], kind: PartKind, url: string): PartDescription {
  if (/^data:/i.test(url)) {
    const decoded = decodeDataUrl(url);
    if (!decoded.ok) return { type, kind, source: "data-url", problem: decoded.problem };
    const { mimeType, byteLength, head } = decoded.value;
    return { type, kind, source: "data-url", mimeType, ...inspectBytes(head, byteLength, mimeType) };
  }
  if (/^https?:\/\//i.test(url)) {
    const mimeType = mimeTypeFromName(safePathname(url));
    return { type, kind, source: "url", url, ...(mimeType ? { mimeType } : {}) };
  }
  return { type, kind, source: "url", url, problem: "unsupported URL scheme (expected http, https or data)" };
}

/** What the first bytes say: the real format, an image's pixel size, a WAV's duration. */
function inspectBytes(head: Uint8Array, byteLength: number, declared: string): Partial<PartDescription> {
  const found: Partial<PartDescription> = { bytes: byteLength };
  const image = readImageInfo(head);
  const sniffed = image?.mimeType ?? sniffMimeType(head);
  if (sniffed && sniffed !== declared) found.sniffedMimeType = sniffed;
  if (image) {
    found.width = image.width;
    found.height = image.height;
  }
  if (sniffed === "audio/wav") {
    const seconds = wavDurationSeconds(head);
    if (seconds !== undefined) found.durationSeconds = seconds;
  }
  return found;
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
