import type { Generator } from "./generator";
import { generatedHeader } from "./header";
import type { JsonSchema, Spec } from "./spec";

const outDir = "packages/validation/src/generated/known-values";

/**
 * The known values of each open enum of the spec (`anyOf: [{$ref: <string enum>}, {type: string}]`, how
 * `model` is written), as runtime constants: `KnownModel` becomes `knownModels`. The list lives once, in
 * the spec; the mock server and the demo read it from here.
 */
export const knownValuesGenerator: Generator = {
  name: "scripts/codegen/known-values.ts",
  ownedDirs: [outDir],
  generate(spec: Spec) {
    const schemas = spec.document.components.schemas;
    const lines: string[] = [];
    for (const name of openEnumLists(schemas)) {
      const values = (schemas[name] as JsonSchema).enum as string[];
      const constant = `${name.charAt(0).toLowerCase()}${name.slice(1)}s`;
      lines.push(
        `/** The values of \`${name}\`, in the spec's order. */`,
        `export const ${constant}: readonly ${name}[] = ${JSON.stringify(values)};`,
        "",
      );
    }
    const imports = `import type { ${openEnumLists(schemas).join(", ")} } from "@vlmchat/types";\n\n`;
    const header = generatedHeader(this.name, spec);
    return [{ path: `${outDir}/index.ts`, contents: `${header}\n${imports}${lines.join("\n")}` }];
  },
};

/** The names of the string enums that open enums refer to, in the spec's order. */
function openEnumLists(schemas: Record<string, JsonSchema>): string[] {
  const names: string[] = [];
  for (const schema of Object.values(schemas)) {
    const branches = schema.anyOf;
    if (!Array.isArray(branches) || branches.length !== 2) continue;
    const [known, other] = branches as [JsonSchema, JsonSchema];
    const ref = typeof known.$ref === "string" ? known.$ref.replace("#/components/schemas/", "") : undefined;
    const target = ref ? schemas[ref] : undefined;
    if (!ref || other.type !== "string" || !target || !Array.isArray(target.enum)) continue;
    if (!target.enum.every((v) => typeof v === "string")) continue;
    if (!names.includes(ref)) names.push(ref);
  }
  return names;
}
