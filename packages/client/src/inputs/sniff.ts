/** What a content part can carry. */
export type MediaKind = "image" | "video" | "audio" | "document";

/** A type recognised from its first bytes. `supported: false` names a type we recognise but cannot send. */
export interface SniffedType {
  mime: string;
  /** A short human name: `PNG image`, `QuickTime video`, … */
  name: string;
  kind: MediaKind;
  supported: boolean;
}

const type = (mime: string, name: string, kind: MediaKind, supported = true): SniffedType => ({
  mime,
  name,
  kind,
  supported,
});

/** The supported types per kind, for error messages. */
export const SUPPORTED: Record<MediaKind, string> = {
  image: "png, jpeg, gif, webp, bmp, tiff",
  video: "mp4, mov, webm",
  audio: "mp3, wav, ogg, flac, webm",
  document: "pdf, docx",
};

// BITMAPINFOHEADER and its relatives: the sizes a BMP's DIB header can have.
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);
const HEIF_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]);

/**
 * The media type of `bytes` from their magic numbers (the WHATWG MIME Sniffing patterns and each
 * format's own signature), or `undefined` when nothing matches.
 */
export function sniff(bytes: Uint8Array): SniffedType | undefined {
  const at = (offset: number, ...expected: number[]) =>
    expected.every((value, i) => bytes[offset + i] === value);
  const text = (offset: number, expected: string) =>
    [...expected].every((char, i) => bytes[offset + i] === char.charCodeAt(0));

  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return type("image/png", "PNG image", "image");
  if (at(0, 0xff, 0xd8, 0xff)) return type("image/jpeg", "JPEG image", "image");
  if (text(0, "GIF87a") || text(0, "GIF89a")) return type("image/gif", "GIF image", "image");
  if (text(0, "RIFF") && text(8, "WEBP")) return type("image/webp", "WebP image", "image");
  if (text(0, "RIFF") && text(8, "WAVE")) return type("audio/wav", "WAV audio", "audio");
  if (text(0, "RIFF") && text(8, "AVI ")) return type("video/x-msvideo", "AVI video", "video", false);
  if (text(0, "BM") && bytes.length >= 18 && BMP_DIB_SIZES.has(uint32le(bytes, 14))) {
    return type("image/bmp", "BMP image", "image");
  }
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a))
    return type("image/tiff", "TIFF image", "image");
  if (text(4, "ftyp")) return sniffIsoMedia(String.fromCharCode(...bytes.subarray(8, 12)));
  if (at(0, 0x1a, 0x45, 0xdf, 0xa3)) {
    const header = String.fromCharCode(...bytes.subarray(0, 64));
    if (header.includes("webm")) return type("video/webm", "WebM video", "video");
    return type("video/x-matroska", "Matroska video", "video", false);
  }
  if (text(0, "OggS")) return type("audio/ogg", "Ogg audio", "audio");
  if (text(0, "fLaC")) return type("audio/flac", "FLAC audio", "audio");
  if (text(0, "ID3") || isMp3Frame(bytes)) return type("audio/mpeg", "MP3 audio", "audio");
  if (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xf6) === 0xf0)
    return type("audio/aac", "AAC audio", "audio", false);
  if (includes(bytes.subarray(0, 1024), "%PDF-")) return type("application/pdf", "PDF document", "document");
  if (text(0, "PK\x03\x04")) return sniffZip(bytes);
  if (at(0, 0x1f, 0x8b)) return type("application/gzip", "gzip archive", "document", false);
  return undefined;
}

function sniffIsoMedia(brand: string): SniffedType {
  if (brand === "qt  ") return type("video/quicktime", "QuickTime video", "video");
  if (HEIF_BRANDS.has(brand)) return type("image/heic", "HEIC image", "image", false);
  if (brand === "avif" || brand === "avis") return type("image/avif", "AVIF image", "image", false);
  if (brand.startsWith("M4A") || brand.startsWith("M4B"))
    return type("audio/mp4", "M4A audio", "audio", false);
  if (brand.startsWith("3g")) return type("video/3gpp", "3GP video", "video", false);
  // isom, iso2…iso6, mp41, mp42, avc1, dash, M4V, MSNV, …: the MP4 family.
  return type("video/mp4", "MP4 video", "video");
}

/** An MPEG audio layer III frame header: 11 sync bits, a known version, layer III. */
function isMp3Frame(bytes: Uint8Array): boolean {
  const b1 = bytes[1] ?? 0;
  return bytes[0] === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x18) !== 0x08 && (b1 & 0x06) === 0x02;
}

/** Office files are ZIP archives: the part names (first local header, and the central directory at the end) say which. */
function sniffZip(bytes: Uint8Array): SniffedType {
  const window = 64 * 1024;
  const ends = [bytes.subarray(0, window), bytes.subarray(Math.max(0, bytes.length - window))];
  const has = (name: string) => ends.some((part) => includes(part, name));
  if (has("word/")) {
    return type(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Word document",
      "document",
    );
  }
  if (has("xl/")) {
    return type(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Excel workbook",
      "document",
      false,
    );
  }
  if (has("ppt/")) {
    return type(
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "PowerPoint presentation",
      "document",
      false,
    );
  }
  return type("application/zip", "ZIP archive", "document", false);
}

function uint32le(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16)) +
    (bytes[offset + 3] ?? 0) * 0x1000000
  );
}

function includes(bytes: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  for (
    let i = bytes.indexOf(first);
    i !== -1 && i <= bytes.length - needle.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle.charCodeAt(j)) j++;
    if (j === needle.length) return true;
  }
  return false;
}
