import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** The spec, read from the repository (tests only; the package itself ships generated code). */
const document = parse(readFileSync(new URL("../../../openapi/openapi.yaml", import.meta.url), "utf8")) as {
  components: { examples: Record<string, { value: unknown }> };
  paths: Record<string, Record<string, Operation>>;
};

interface Operation {
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { $ref?: string; content?: Record<string, MediaType> }>;
}
interface MediaType {
  schema?: { $ref?: string };
  examples?: Record<string, { $ref: string }>;
}

export interface SpecExample {
  /** The example's name in `components/examples`. */
  readonly name: string;
  /** The component schema its media type names (`ChatCompletionRequest`, `ChatCompletion`, …). */
  readonly schema: string;
  /** `request`, or the response status. */
  readonly where: string;
  readonly value: unknown;
}

/** Every named example attached to a body whose schema is a component, with that component's name. */
export function specExamples(): SpecExample[] {
  const found: SpecExample[] = [];
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const bodies: [string, Record<string, MediaType> | undefined][] = [
        ["request", operation.requestBody?.content],
        ...Object.entries(operation.responses).map(
          ([status, r]) => [status, r.content] as [string, typeof r.content],
        ),
      ];
      for (const [where, content] of bodies) {
        for (const media of Object.values(content ?? {})) {
          const schema = media.schema?.$ref?.replace("#/components/schemas/", "");
          if (!schema) continue;
          for (const example of Object.values(media.examples ?? {})) {
            const name = example.$ref.replace("#/components/examples/", "");
            const value = document.components.examples[name]?.value;
            found.push({ name, schema, where, value });
          }
        }
      }
    }
  }
  return found;
}

export function specExample(name: string): unknown {
  const example = document.components.examples[name];
  if (!example) throw new Error(`no example ${name} in the spec`);
  return structuredClone(example.value);
}
