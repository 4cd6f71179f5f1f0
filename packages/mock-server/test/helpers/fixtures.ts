import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** A media file from `test/fixtures/media`, made once with ImageMagick and cwebp. */
export function media(name: string): Buffer {
  return readFileSync(here(`../fixtures/media/${name}`));
}

export function dataUrl(mimeType: string, bytes: Buffer): string {
  return `data:${mimeType};base64,${bytes.toString("base64")}`;
}

interface SpecDocument {
  components: {
    examples: Record<string, { value: unknown }>;
    schemas: Record<string, { enum?: unknown[] }>;
  };
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
}

let spec: SpecDocument | undefined;

/** The spec itself, read from `openapi/openapi.yaml`. */
export function loadSpec(): SpecDocument {
  spec ??= parse(readFileSync(here("../../../../openapi/openapi.yaml"), "utf8")) as SpecDocument;
  return spec;
}

/** The value of one of the spec's named examples (`components.examples`). */
export function specExample<T = Record<string, unknown>>(name: string): T {
  const example = loadSpec().components.examples[name];
  if (!example) throw new Error(`the spec has no example ${name}`);
  return structuredClone(example.value) as T;
}

/** The names of the spec's request examples (`request…`). */
export function requestExampleNames(): string[] {
  return Object.keys(loadSpec().components.examples).filter((name) => name.startsWith("request"));
}
