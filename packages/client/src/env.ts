/**
 * An environment variable in Node, Bun or Deno; `undefined` in browsers and edge runtimes that have none,
 * and in Deno without `--allow-env` (reading then throws).
 */
export function readEnv(name: string): string | undefined {
  const runtime = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get?: (name: string) => string | undefined } };
  };
  try {
    const value = runtime.process?.env?.[name] ?? runtime.Deno?.env?.get?.(name);
    return value?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A page with a DOM: a key given there is visible to everyone who opens it. */
export function isBrowser(): boolean {
  const runtime = globalThis as { window?: { document?: unknown }; document?: unknown };
  return typeof runtime.window === "object" && typeof runtime.document === "object";
}
