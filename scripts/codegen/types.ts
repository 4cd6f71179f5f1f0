import openapiTS, { astToString } from "openapi-typescript";
import type { Generator } from "./generator";
import { generatedHeader } from "./header";
import type { Spec } from "./spec";

const outDir = "packages/types/src/generated";

/** `@vlmchat/types`: openapi-typescript's `paths`/`components`/`operations`, and one alias per schema. */
export const typesGenerator: Generator = {
  name: "scripts/codegen/types.ts (openapi-typescript)",
  ownedDirs: [outDir],
  async generate(spec: Spec) {
    // openapi-typescript may annotate the document it is given, so it gets a copy.
    const ast = await openapiTS(structuredClone(spec.document) as never, {
      // A default is what the server assumes when a field is left out, so the field stays optional.
      defaultNonNullable: false,
      exportType: false,
    });
    const header = generatedHeader(this.name, spec);
    const names = Object.keys(spec.document.components.schemas);
    const aliases = names.map(
      (name) => `export type ${name} = components["schemas"][${JSON.stringify(name)}];`,
    );
    return [
      { path: `${outDir}/openapi.ts`, contents: `${header}\n${astToString(ast)}` },
      {
        path: `${outDir}/schemas.ts`,
        contents: `${header}\nimport type { components } from "./openapi";\n\n${aliases.join("\n")}\n`,
      },
    ];
  },
};
