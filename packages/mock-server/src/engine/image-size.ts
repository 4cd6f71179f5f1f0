import { latin1, uint16BE, uint16LE, uint24LE, uint32BE, uint32LE } from "./bytes";

export type ImageFormat = "png" | "jpeg" | "gif" | "webp";

export interface ImageInfo {
  format: ImageFormat;
  mimeType: `image/${ImageFormat}`;
  width: number;
  height: number;
}

/** Reads an image's format and pixel size from its first bytes (PNG, JPEG, GIF, WebP); undefined otherwise. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  return readPng(bytes) ?? readGif(bytes) ?? readWebp(bytes) ?? readJpeg(bytes);
}

function info(format: ImageFormat, width: number, height: number): ImageInfo | undefined {
  if (width <= 0 || height <= 0) return undefined;
  return { format, mimeType: `image/${format}`, width, height };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readPng(b: Uint8Array): ImageInfo | undefined {
  // Signature, then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4), big-endian.
  if (b.length < 24 || PNG_SIGNATURE.some((byte, i) => b[i] !== byte)) return undefined;
  if (latin1(b, 12, 16) !== "IHDR") return undefined;
  return info("png", uint32BE(b, 16), uint32BE(b, 20));
}

function readGif(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 10) return undefined;
  const magic = latin1(b, 0, 6);
  if (magic !== "GIF87a" && magic !== "GIF89a") return undefined;
  return info("gif", uint16LE(b, 6), uint16LE(b, 8));
}

function readWebp(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 30 || latin1(b, 0, 4) !== "RIFF" || latin1(b, 8, 12) !== "WEBP") {
    return undefined;
  }
  const chunk = latin1(b, 12, 16);
  if (chunk === "VP8 ") {
    // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return info("webp", uint16LE(b, 26) & 0x3fff, uint16LE(b, 28) & 0x3fff);
  }
  if (chunk === "VP8L") {
    // Lossless: signature 0x2f, then width-1 and height-1 as two 14-bit fields.
    if (b[20] !== 0x2f) return undefined;
    const bits = uint32LE(b, 21);
    return info("webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X") {
    // Extended: canvas width-1 and height-1 as 24-bit little-endian fields.
    return info("webp", uint24LE(b, 24) + 1, uint24LE(b, 27) + 1);
  }
  return undefined;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT (C4), JPG (C8) or DAC (CC). */
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function readJpeg(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 4 <= b.length) {
    if (b[offset] !== 0xff) return undefined;
    const marker = b[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image, or scan data before any frame
    const length = uint16BE(b, offset + 2);
    if (SOF_MARKERS.has(marker)) {
      if (offset + 9 > b.length) return undefined;
      return info("jpeg", uint16BE(b, offset + 7), uint16BE(b, offset + 5));
    }
    offset += 2 + length;
  }
  return undefined;
}
