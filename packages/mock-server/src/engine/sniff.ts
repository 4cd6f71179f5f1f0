import { latin1, uint32BE, uint32LE } from "./bytes";
import { readImageInfo } from "./image-size";

/** The media type the bytes themselves announce, for the formats a multimodal request usually carries. */
export function sniffMimeType(b: Uint8Array): string | undefined {
  const image = readImageInfo(b);
  if (image) return image.mimeType;
  const ascii = (start: number, end: number) => latin1(b, start, end);
  if (ascii(0, 5) === "%PDF-") return "application/pdf";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WAVE") return "audio/wav";
  if (ascii(0, 4) === "fLaC") return "audio/flac";
  if (ascii(0, 4) === "OggS") return "audio/ogg";
  if (ascii(0, 3) === "ID3" || (b[0] === 0xff && b.length > 1 && ((b[1] as number) & 0xe0) === 0xe0)) {
    return "audio/mpeg";
  }
  if (b.length >= 4 && uint32BE(b, 0) === 0x1a45dfa3) return "video/webm";
  if (ascii(4, 8) === "ftyp") return ascii(8, 11) === "M4A" ? "audio/mp4" : "video/mp4";
  if (ascii(0, 4) === "PK\u0003\u0004") return "application/zip";
  return undefined;
}

/** Duration of a PCM WAV file, from its `fmt ` byte rate and `data` size; undefined for anything else. */
export function wavDurationSeconds(b: Uint8Array): number | undefined {
  if (b.length < 12 || latin1(b, 0, 4) !== "RIFF" || latin1(b, 8, 12) !== "WAVE") {
    return undefined;
  }
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= b.length) {
    const id = latin1(b, offset, offset + 4);
    const size = uint32LE(b, offset + 4);
    if (id === "fmt " && offset + 16 <= b.length) byteRate = uint32LE(b, offset + 16);
    if (id === "data") return byteRate ? size / byteRate : undefined;
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

const EXTENSION_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  svg: "image/svg+xml",
  heic: "image/heic",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  avi: "video/x-msvideo",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  flac: "audio/flac",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  oga: "audio/ogg",
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  txt: "text/plain",
  csv: "text/csv",
  md: "text/markdown",
  html: "text/html",
  json: "application/json",
};

/** The media type a file name or URL path suggests by its extension. */
export function mimeTypeFromName(name: string): string | undefined {
  const path = name.split(/[?#]/, 1)[0] ?? "";
  const dot = path.lastIndexOf(".");
  if (dot < 0 || dot < path.lastIndexOf("/")) return undefined;
  return EXTENSION_TYPES[path.slice(dot + 1).toLowerCase()];
}

const AUDIO_FORMAT_TYPES: Record<string, string> = {
  wav: "audio/wav",
  mp3: "audio/mpeg",
  flac: "audio/flac",
  m4a: "audio/mp4",
  ogg: "audio/ogg",
  webm: "audio/webm",
};

/** The media type of an `input_audio` part's `format`. */
export function mimeTypeOfAudioFormat(format: string): string {
  return AUDIO_FORMAT_TYPES[format] ?? `audio/${format}`;
}
