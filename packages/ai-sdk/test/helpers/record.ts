/**
 * A fetch that sends through the real one and keeps each JSON request body it saw, parsed, and the
 * method and path of every request (uploads included).
 */
export function recordingFetch() {
  const bodies: Array<Record<string, unknown>> = [];
  const requests: string[] = [];
  const fetch = async (input: Request, init?: RequestInit) => {
    requests.push(`${input.method} ${new URL(input.url).pathname}`);
    if (input.headers.get("content-type")?.startsWith("application/json")) {
      bodies.push(JSON.parse(await input.clone().text()));
    }
    return globalThis.fetch(input, init);
  };
  return { fetch, bodies, requests };
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
