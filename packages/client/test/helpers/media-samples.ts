/**
 * The first bytes of a file of each format (what sniffing reads), built by hand from each format's
 * published layout. PNG and WAV are whole, valid files (the spec's own examples).
 */
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(
    parts.flatMap((part) => (typeof part === "string" ? [...part].map((c) => c.charCodeAt(0)) : part)),
  );
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));
const zeros = (n: number) => new Array<number>(n).fill(0);

export const samples = {
  png: fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR42mP4zwAE/wEHAAH/PX2MSQAAAABJRU5ErkJggg==",
  ),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF", [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  gif: bytes("GIF89a", [1, 0, 1, 0, 0x80, 0, 0]),
  webp: bytes("RIFF", [0x1a, 0, 0, 0], "WEBPVP8 ", zeros(8)),
  bmp: bytes("BM", [0x3a, 0, 0, 0], zeros(4), [0x36, 0, 0, 0], [40, 0, 0, 0], zeros(16)),
  tiff: bytes("II*", [0, 8, 0, 0, 0], zeros(8)),
  pdf: bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
  docx: bytes(
    "PK",
    [3, 4, 20, 0, 6, 0, 8, 0],
    zeros(18),
    [19, 0, 0, 0],
    "[Content_Types].xml",
    zeros(32),
    "PK",
    [3, 4],
    zeros(26),
    "word/document.xml",
  ),
  mp4: bytes([0, 0, 0, 0x18], "ftypisom", [0, 0, 2, 0], "isomiso2"),
  mov: bytes([0, 0, 0, 0x14], "ftypqt  ", [0, 0, 2, 0], "qt  "),
  webm: bytes(
    [0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84],
    "webm",
    [0x42, 0x87, 0x81, 0x04],
  ),
  mp3: bytes("ID3", [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64]),
  mp3Frame: bytes([0xff, 0xfb, 0x90, 0x64], zeros(12)),
  wav: fromBase64("UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YRAAAACAoIBggKCAYICggGCAoIBg"),
  ogg: bytes("OggS", [0, 2], zeros(20)),
  flac: bytes("fLaC", [0, 0, 0, 0x22], zeros(34)),
  // Recognised, not supported.
  heic: bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0], "mif1heic"),
  avif: bytes([0, 0, 0, 0x1c], "ftypavif", [0, 0, 0, 0], "avifmif1"),
  m4a: bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0], "M4A isom"),
  mkv: bytes([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88], "matroska"),
  zip: bytes("PK", [3, 4, 20, 0], zeros(22), [8, 0, 0, 0], "data.csv"),
  xlsx: bytes("PK", [3, 4, 20, 0], zeros(22), [15, 0, 0, 0], "xl/workbook.xml"),
  aac: bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]),
  gzip: bytes([0x1f, 0x8b, 0x08, 0x00], zeros(6)),
  text: bytes("hello, world"),
};
