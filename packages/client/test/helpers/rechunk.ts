/** A small seeded PRNG (mulberry32): fuzz runs are reproducible from the seed they print. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `bytes` cut at random byte boundaries (inside UTF-8 characters and between CR and LF included). */
export function rechunk(bytes: Uint8Array, random: () => number, maxPiece = 64): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    // Mostly small pieces, sometimes empty ones, sometimes large ones.
    const roll = random();
    const size =
      roll < 0.05 ? 0 : roll < 0.9 ? 1 + Math.floor(random() * 8) : 1 + Math.floor(random() * maxPiece);
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

/** A `Response` whose body delivers `pieces` one read at a time. */
export function responseFromPieces(pieces: readonly Uint8Array[], init?: ResponseInit): Response {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[index++];
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" }, ...init });
}
