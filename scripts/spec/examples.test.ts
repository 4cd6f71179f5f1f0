import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { componentSchemasDocument, rewriteRefs } from "../codegen/json-schema";
import { loadSpec } from "../codegen/spec";

const { document } = loadSpec();

interface MediaType {
  schema?: Record<string, unknown>;
  examples?: Record<string, { $ref?: string; value?: unknown }>;
}

/** Every named example attached to a request or response body, with the schema of its media type. */
function attachedExamples() {
  const found: { where: string; name: string; schema: Record<string, unknown>; value: unknown }[] = [];
  const resolve = (example: { $ref?: string; value?: unknown }) => {
    if (!example.$ref) return example.value;
    const name = example.$ref.replace("#/components/examples/", "");
    const target = document.components.examples?.[name];
    if (!target) throw new Error(`example ${example.$ref} does not exist`);
    return target.value;
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const op = operation as {
        requestBody?: { content?: Record<string, MediaType> };
        responses?: Record<string, { $ref?: string; content?: Record<string, MediaType> }>;
      };
      const responses = document.components as {
        responses?: Record<string, { content?: Record<string, MediaType> }>;
      };
      const response = (r: { $ref?: string; content?: Record<string, MediaType> }) =>
        r.$ref ? responses.responses?.[r.$ref.replace("#/components/responses/", "")] : r;
      const bodies: [string, Record<string, MediaType> | undefined][] = [
        ["request", op.requestBody?.content],
        ...Object.entries(op.responses ?? {}).map(
          ([status, r]) => [status, response(r)?.content] as [string, Record<string, MediaType> | undefined],
        ),
      ];
      for (const [which, content] of bodies) {
        for (const [mediaType, media] of Object.entries(content ?? {})) {
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            if (!media.schema)
              throw new Error(`${method} ${path} ${which} ${mediaType} has examples but no schema`);
            found.push({
              where: `${method.toUpperCase()} ${path} ${which} ${mediaType}`,
              name,
              schema: media.schema,
              value: resolve(example),
            });
          }
        }
      }
    }
  }
  return found;
}

const ajv = new Ajv2020({ strict: true, allErrors: true, discriminator: true });
addFormats(ajv);
// OpenAPI annotations that are not JSON Schema keywords.
ajv.addKeyword("example");
ajv.addVocabulary(["xml", "externalDocs"]);
ajv.addSchema(componentSchemasDocument(document));

const examples = attachedExamples();

describe("named examples in the spec", () => {
  it("there are examples for requests, responses, chunks and errors", () => {
    const where = examples.map((e) => e.where).join("\n");
    for (const want of [
      "request application/json",
      "200 application/json",
      "200 text/event-stream",
      "422 application/json",
    ]) {
      expect(where).toContain(want);
    }
  });

  it("every component example is attached to a body", () => {
    const attached = new Set(examples.map((e) => e.value));
    const unattached = Object.entries(document.components.examples ?? {})
      .filter(([, example]) => !attached.has(example.value))
      .map(([name]) => name);
    expect(unattached).toEqual([]);
  });

  it.each(examples.map((e) => [`${e.where} ${e.name}`, e]))(
    "%s validates against its schema",
    (_, example) => {
      const validate = ajv.compile(rewriteRefs(example.schema) as object);
      const ok = validate(example.value);
      expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
      expect(ok).toBe(true);
    },
  );
});
