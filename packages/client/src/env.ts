/**
 * An environment variable through `process.env` (Node, Bun, Deno 2); `undefined` in browsers and edge
 * runtimes that have none, and in Deno without `--allow-env` (reading then throws).
 */
export function readEnv(name: string): string | undefined {
  try {
    return (
      (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name]?.trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/** A page with a DOM: a key given there is visible to everyone who opens it. */
export function isBrowser(): boolean {
  return "document" in globalThis && "window" in globalThis;
}
