import openapiTS, {
  astToString,
  oapiRef,
  type SchemaObject,
  STRING,
  tsIntersection,
  tsUnion,
} from "openapi-typescript";
import ts from "typescript";
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
      transform: openEnum,
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

/**
 * An open enum, `anyOf: [{$ref: <string enum>}, {type: string}]` (how the spec writes `model`), becomes
 * `Known | (string & {})`: any string is accepted, and editors still complete the known values (a plain
 * `Known | string` collapses to `string`).
 */
function openEnum(schema: SchemaObject): ts.TypeNode | undefined {
  const branches = "anyOf" in schema ? schema.anyOf : undefined;
  if (branches?.length !== 2) return undefined;
  const [known, other] = branches as unknown as [Record<string, unknown>, Record<string, unknown>];
  const isPlainString =
    other.type === "string" && Object.keys(other).every((key) => key === "type" || key === "description");
  if (typeof known.$ref !== "string" || !isPlainString) return undefined;
  return tsUnion([oapiRef(known.$ref), tsIntersection([STRING, ts.factory.createTypeLiteralNode([])])]);
}
