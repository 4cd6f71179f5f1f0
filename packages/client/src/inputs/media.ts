import type { AudioUrlPart, FileUrlPart, ImageDetail, ImageUrlPart, VideoUrlPart } from "@vlmchat/types";
import { MediaInputError } from "../errors";
import { fromBase64, toBase64 } from "./base64";
import { type MediaKind, type SniffedType, SUPPORTED, sniff } from "./sniff";

/** What an input helper takes: an http(s) or data URL, a `Blob`/`File`, or bytes. */
export type MediaSource = string | URL | Blob | ArrayBuffer | ArrayBufferView;

export interface MediaOptions {
  /** `image_url.detail` / `file_url.detail`: how closely the model looks. */
  detail?: ImageDetail;
  /** Largest input in bytes sent inline as a data URL (default 20 MiB for images, 32 MiB otherwise). */
  maxBytes?: number;
}

/** The content part each kind becomes. */
export interface PartOf {
  image: ImageUrlPart;
  video: VideoUrlPart;
  audio: AudioUrlPart;
  document: FileUrlPart;
}
export type MediaPart = PartOf[MediaKind];

/** Reads a file path (the Node entry); the main entry has none. */
export type PathReader = (path: string, maxBytes: number, helper: string) => Promise<Uint8Array>;

const MiB = 1024 * 1024;
// The API takes request bodies up to 50 MB and base64 adds a third: 32 MiB stays under with room to spare.
export const DEFAULT_MAX_BYTES: Record<MediaKind, number> = {
  image: 20 * MiB,
  video: 32 * MiB,
  audio: 32 * MiB,
  document: 32 * MiB,
};

const EXTENSIONS: Record<string, MediaKind> = {
  png: "image",
  jpg: "image",
  jpeg: "image",
  gif: "image",
  webp: "image",
  bmp: "image",
  tif: "image",
  tiff: "image",
  mp4: "video",
  mov: "video",
  webm: "video",
  mp3: "audio",
  wav: "audio",
  ogg: "audio",
  flac: "audio",
  pdf: "document",
  docx: "document",
};

/**
 * A content part for `source`. URLs are passed as they are (their type cannot be checked without
 * downloading them); data URLs, blobs, bytes and files are sniffed from their magic bytes, checked
 * against the kind and the size limit, and sent as a base64 data URL of the sniffed type.
 */
export async function toPart<K extends MediaKind>(
  helper: string,
  kind: K | undefined,
  source: MediaSource,
  options: MediaOptions = {},
  readPath: PathReader = noPaths,
): Promise<PartOf[K]> {
  if (typeof source === "string" || source instanceof URL) {
    const url = String(source);
    if (/^https?:\/\//i.test(url))
      return makePart(kind ?? kindFromUrl(helper, url), url, options) as PartOf[K];
    if (/^data:/i.test(url)) return fromDataUrl(helper, kind, url, options) as PartOf[K];
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:/i.test(url)) {
      throw new MediaInputError(
        `${helper}: unsupported URL scheme in ${url.slice(0, 40)}; use http(s), data: or bytes`,
      );
    }
    const limit = options.maxBytes ?? DEFAULT_MAX_BYTES[kind ?? "document"];
    return fromBytes(helper, kind, await readPath(url, limit, helper), options) as PartOf[K];
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    checkSize(helper, kind, source.size, options);
    return fromBytes(helper, kind, new Uint8Array(await source.arrayBuffer()), options) as PartOf[K];
  }
  if (source instanceof ArrayBuffer)
    return fromBytes(helper, kind, new Uint8Array(source), options) as PartOf[K];
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return fromBytes(helper, kind, bytes, options) as PartOf[K];
  }
  throw new MediaInputError(
    `${helper}: expected a URL, a data URL, a Blob or bytes (Uint8Array/ArrayBuffer), got ${describe(source)}`,
  );
}

function fromBytes(
  helper: string,
  kind: MediaKind | undefined,
  bytes: Uint8Array,
  options: MediaOptions,
): MediaPart {
  const type = detect(helper, kind, bytes);
  checkSize(helper, type.kind, bytes.length, options);
  return makePart(kind ?? type.kind, `data:${mimeFor(type, kind)};base64,${toBase64(bytes)}`, options);
}

function fromDataUrl(
  helper: string,
  kind: MediaKind | undefined,
  url: string,
  options: MediaOptions,
): MediaPart {
  const comma = url.indexOf(",");
  const header = url.slice(5, comma);
  if (comma === -1) throw new MediaInputError(`${helper}: a data URL needs a comma before its data`);
  const isBase64 = /;base64$/i.test(header);
  const payload = url.slice(comma + 1);
  if (!isBase64) {
    // Percent-encoded data: decode it and send it as base64 like any other bytes.
    return fromBytes(helper, kind, new TextEncoder().encode(decodeURIComponent(payload)), options);
  }
  const size = Math.floor((payload.replace(/=+$/, "").length * 3) / 4);
  // Sniffing needs only the start: decode a few KiB, not the whole payload.
  const head = fromBase64(helper, payload.slice(0, 4096));
  const type = detect(helper, kind, head);
  checkSize(helper, type.kind, size, options);
  const mime = mimeFor(type, kind);
  const declared = header.replace(/;base64$/i, "");
  return makePart(kind ?? type.kind, declared === mime ? url : `data:${mime};base64,${payload}`, options);
}

/** The sniffed type, checked: known, supported, and of the kind the helper builds. */
function detect(helper: string, kind: MediaKind | undefined, bytes: Uint8Array): SniffedType {
  const type = sniff(bytes);
  const wanted = kind ? `a supported ${kind} (${SUPPORTED[kind]})` : "a supported type";
  if (!type) {
    const start = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join(" ");
    throw new MediaInputError(
      `${helper}: cannot tell what these ${bytes.length} bytes are (they start with ${start || "nothing"}); expected ${wanted}`,
    );
  }
  if (!type.supported)
    throw new MediaInputError(`${helper}: ${type.name} (${type.mime}) is not supported; expected ${wanted}`);
  // WebM carries audio as well as video.
  if (kind && type.kind !== kind && !(kind === "audio" && type.mime === "video/webm")) {
    throw new MediaInputError(
      `${helper}: this is a ${type.name} (${type.mime}), not ${kind}; use ${type.kind}() or file()`,
    );
  }
  return type;
}

function mimeFor(type: SniffedType, kind: MediaKind | undefined): string {
  return kind === "audio" && type.mime === "video/webm" ? "audio/webm" : type.mime;
}

function checkSize(helper: string, kind: MediaKind | undefined, size: number, options: MediaOptions): void {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES[kind ?? "document"];
  if (size > limit) throw tooLarge(helper, "the input", size, limit);
}

export function tooLarge(helper: string, subject: string, bytes: number, limit: number): MediaInputError {
  return new MediaInputError(
    `${helper}: ${subject} is ${formatSize(bytes)}, over the ${formatSize(limit)} limit for inputs sent inline (the API takes request bodies up to 50 MB, and base64 adds a third); host it and pass its https URL, or raise maxBytes`,
  );
}

function makePart(kind: MediaKind, url: string, options: MediaOptions): MediaPart {
  const detail = options.detail ? { detail: options.detail } : {};
  switch (kind) {
    case "image":
      return { type: "image_url", image_url: { url, ...detail } };
    case "video":
      return { type: "video_url", video_url: { url } };
    case "audio":
      return { type: "audio_url", audio_url: { url } };
    case "document":
      return { type: "file_url", file_url: { url, ...detail } };
  }
}

function kindFromUrl(helper: string, url: string): MediaKind {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  const kind = extension ? EXTENSIONS[extension] : undefined;
  if (!kind) {
    throw new MediaInputError(
      `${helper}: cannot tell the kind of ${url} from its name; use image(), video(), audio() or document()`,
    );
  }
  return kind;
}

const noPaths: PathReader = (path, _maxBytes, helper) => {
  throw new MediaInputError(
    `${helper}: ${JSON.stringify(path.slice(0, 80))} is not an http(s) or data URL. To read a file path, import the helper from "@vlmchat/client/node"`,
  );
};

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "an object";
  return typeof value;
}
