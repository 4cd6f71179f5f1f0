import type { JsonSchema, OpenApiDocument } from "./spec";

/** The `$id` under which the spec's component schemas are registered as one JSON Schema document. */
export const schemasId = "https://vlmchat.dev/openapi/schemas.json";

const componentRef = "#/components/schemas/";

/**
 * The spec's component schemas as one JSON Schema 2020-12 document, `{ $id, $defs }`, with every
 * `#/components/schemas/X` reference rewritten to `#/$defs/X`, so that a plain JSON Schema validator
 * resolves them. `discriminator.mapping` is dropped: ajv reads each branch's single-value tag enum and
 * rejects `mapping`. Other OpenAPI-only keywords (`discriminator`, `example`) are left for the caller.
 */
export function componentSchemasDocument(document: OpenApiDocument): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: schemasId,
    $defs: rewriteRefs(document.components.schemas, "#/$defs/") as JsonSchema,
  };
}

/**
 * A copy of `value` in which component references point into `$defs`: relative ones (`#/$defs/`) inside
 * the components document, absolute ones (`${schemasId}#/$defs/`, the default) from anywhere else.
 */
export function rewriteRefs(value: unknown, prefix = `${schemasId}#/$defs/`): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, prefix));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "discriminator" && child && typeof child === "object") {
      const { mapping: _dropped, ...rest } = child as Record<string, unknown>;
      out[key] = rest;
      continue;
    }
    out[key] =
      key === "$ref" && typeof child === "string" && child.startsWith(componentRef)
        ? `${prefix}${child.slice(componentRef.length)}`
        : rewriteRefs(child, prefix);
  }
  return out;
}
