/** A fetch that sends through the real one and keeps each request body it saw, parsed. */
export function recordingFetch() {
  const bodies: Array<Record<string, unknown>> = [];
  const fetch = async (input: Request, init?: RequestInit) => {
    bodies.push(JSON.parse(await input.clone().text()));
    return globalThis.fetch(input, init);
  };
  return { fetch, bodies };
}
