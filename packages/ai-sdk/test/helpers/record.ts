/** A fetch that sends through the real one and keeps each request body it saw, parsed. */
export function recordingFetch() {
  const bodies: Array<Record<string, unknown>> = [];
  const fetch = async (input: Request, init?: RequestInit) => {
    bodies.push(JSON.parse(await input.clone().text()));
    return globalThis.fetch(input, init);
  };
  return { fetch, bodies };
}

/** Every part of a stream, in order (Node 20 has no `Array.fromAsync`). */
export async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return parts;
    parts.push(value);
  }
}
