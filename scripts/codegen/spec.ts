import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** The repository root, found from this file so that generators never depend on the working directory. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export const specPath = "openapi/openapi.yaml";

/** The OpenAPI document as generators see it: parsed once, with the hash of its exact bytes. */
export interface Spec {
  /** The parsed document. Generators must treat it as read-only. */
  readonly document: OpenApiDocument;
  /** sha256 of the YAML file's bytes, written into every generated file's header. */
  readonly sha256: string;
}

export interface OpenApiDocument {
  openapi: string;
  components: { schemas: Record<string, JsonSchema>; examples?: Record<string, { value: unknown }> };
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export type JsonSchema = Record<string, unknown>;

export function loadSpec(path = `${repoRoot}${specPath}`): Spec {
  const text = readFileSync(path);
  const document = parse(text.toString("utf8")) as OpenApiDocument;
  if (!document || typeof document !== "object" || !document.components?.schemas) {
    throw new Error(`${path}: not an OpenAPI document with components.schemas`);
  }
  return { document, sha256: createHash("sha256").update(text).digest("hex") };
}
