import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { build } from "esbuild";
import { ajvDocument, inlineSingleUse, onlyKeyChecks, strictSchemasId } from "./ajv-schema";
import type { GeneratedFile, Generator } from "./generator";
import { generatedHeader } from "./header";
import { componentSchemasDocument, schemasId } from "./json-schema";
import { reachableDefs } from "./schema-walk";
import type { JsonSchema, Spec } from "./spec";

const outDir = "packages/validation/src/generated/ajv";

interface Export {
  /** The export's name in the module. */
  readonly name: string;
  /** The component schema it validates (default: `name`). */
  readonly schema?: string;
  /** Look for unknown keys only (the strict variant reduced by `onlyKeyChecks`). */
  readonly strict?: boolean;
}

interface Module {
  readonly file: string;
  readonly exports: readonly Export[];
  /**
   * Errors carry `parentSchema` and `data`, which the mapping to the API's `detail` reads (default).
   * Without them a validator is a fifth smaller: enough for a yes-or-no answer.
   */
  readonly verbose?: boolean;
}

/** One module per entry point, so that importing the request validator never loads the response ones. */
const modules: readonly Module[] = [
  {
    file: "request",
    exports: [
      { name: "ChatCompletionRequest" },
      { name: "ChatCompletionRequestExtraKeys", schema: "ChatCompletionRequest", strict: true },
      { name: "ResponseFormat" },
    ],
  },
  {
    // The valid-or-not check a client runs before every request; only a request that fails it needs
    // the `request` module, which says what is wrong.
    file: "request-guard",
    verbose: false,
    exports: [{ name: "ChatCompletionRequest" }],
  },
  {
    file: "response",
    exports: [
      { name: "ChatCompletion" },
      { name: "ChatCompletionChunk" },
      { name: "StreamErrorEvent" },
      { name: "ModelList" },
      { name: "Model" },
      { name: "HealthStatus" },
      { name: "HTTPValidationError" },
      { name: "ErrorDetail" },
      { name: "OpenAIErrorBody" },
    ],
  },
  {
    // The answers of the files and artifacts operations: a module of their own, so that a chat client
    // that checks its answers does not carry them.
    file: "files",
    exports: [
      { name: "FileResponse" },
      { name: "FileList" },
      { name: "PresignedUrlResponse" },
      { name: "ArtifactList" },
    ],
  },
  {
    // The one JSON request body of the files operations (`POST /v1/files/presigned-url`), which servers
    // check: a module of its own, so that neither the request nor the files entry of a client carries it.
    file: "files-request",
    exports: [{ name: "PresignedUrlRequest" }],
  },
];

/** What a module that must run under a strict Content-Security-Policy or in an edge worker cannot contain. */
const forbidden = [/\brequire\s*\(/, /\bnew\s+Function\b/, /\beval\s*\(/, /\bimport\s*\(/];

function newAjv(verbose: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    // Pydantic reports every problem, not the first; the mapping to its `detail` needs them all. (It
    // also makes smaller code than stopping at the first error.)
    allErrors: true,
    // `parentSchema` and `data` on each error: the mapping tells a model from a dict by them.
    verbose,
    messages: false,
    discriminator: true,
    // The union rewrites in ajv-schema.ts check `type: [a, b]` in one place.
    allowUnionTypes: true,
    code: { source: true, esm: true },
    // Compiling the meta-schema costs a third of a second; ajv-schema.test.ts checks the documents
    // against it instead.
    validateSchema: false,
  });
  // Ajv2020 always tracks which properties each subschema evaluated, for `unevaluatedProperties`; the
  // documents use no `unevaluated*` keyword (checked in generate), so the bookkeeping is dropped.
  ajv.opts.unevaluated = false;
  // Likewise `$dynamicRef` support, which allocates an object on every call of every subschema.
  ajv.opts.dynamicRef = false;
  addFormats(ajv);
  // OpenAPI annotations that are not JSON Schema keywords (ajvDocument drops them; declared in case).
  ajv.addVocabulary(["example", "xml", "externalDocs"]);
  return ajv;
}

/**
 * ajv validators compiled ahead of time: standalone code bundled by esbuild (which inlines ajv's runtime
 * helpers), so the modules import nothing and contain no `require`, `new Function` or `eval`.
 */
export const ajvGenerator: Generator = {
  name: "scripts/codegen/ajv.ts (ajv standalone + esbuild)",
  ownedDirs: [outDir],
  async generate(spec: Spec) {
    const documents = compiledDocuments(spec);
    const instances = new Map<boolean, Ajv2020>();
    const ajvFor = (verbose: boolean) => {
      let ajv = instances.get(verbose);
      if (!ajv) {
        ajv = newAjv(verbose);
        for (const document of documents) ajv.addSchema(document);
        instances.set(verbose, ajv);
      }
      return ajv;
    };
    const header = generatedHeader(this.name, spec);
    const bundled = await Promise.all(
      modules.map(async (module) => {
        const verbose = module.verbose ?? true;
        const refs = Object.fromEntries(
          module.exports.map((e) => [
            e.name,
            `${e.strict ? strictSchemasId : schemasId}#/$defs/${e.schema ?? e.name}`,
          ]),
        );
        const code = await bundle(standaloneCode(ajvFor(verbose), refs));
        const bad = forbidden.find((pattern) => pattern.test(code));
        if (bad) throw new Error(`${module.file}.js: the bundled validator contains ${bad}`);
        return [
          { path: `${outDir}/${module.file}.js`, contents: `${header}\n${code}` },
          {
            path: `${outDir}/${module.file}.d.ts`,
            contents: `${header}\n${declarations(module.exports, verbose)}`,
          },
        ];
      }),
    );
    const files: GeneratedFile[] = bundled.flat();
    files.push({
      path: `${outDir}/spec-schemas.ts`,
      contents: `${header}\n${specSchemasModule(componentSchemasDocument(spec.document))}`,
    });
    return files;
  },
};

/**
 * The two JSON Schema documents the validators are compiled from: the spec's schemas rewritten by
 * `ajvDocument`, and the strict variant reduced to its unknown-key checks. Throws when an exported
 * schema reaches a union whose errors cannot be mapped, or a keyword `newAjv` switched off.
 */
export function compiledDocuments(spec: Spec): [JsonSchema, JsonSchema] {
  const lax = ajvDocument(spec.document);
  const strict = ajvDocument(spec.document, {
    id: strictSchemasId,
    forbidExtraKeysFrom: ["ChatCompletionRequest"],
  });
  // The `$defs` form, whose local references reachableDefs follows (the spec's own use `#/components/…`).
  const defs = componentSchemasDocument(spec.document).$defs as Record<string, JsonSchema>;
  for (const exported of modules.flatMap((m) => m.exports)) {
    const root = exported.schema ?? exported.name;
    const reachable = reachableDefs(defs, [root]);
    const unexplained = (exported.strict ? strict : lax).unexplainedUnions.filter((path) =>
      reachable.has(/^#\/\$defs\/([^/]+)/.exec(path)?.[1] ?? ""),
    );
    if (unexplained.length > 0) {
      throw new Error(`${root}: unions whose errors cannot be mapped: ${unexplained.join(", ")}`);
    }
  }
  const dynamic = /"(unevaluatedProperties|unevaluatedItems|\$dynamicRef|\$recursiveRef)"/;
  if (dynamic.test(JSON.stringify([lax.schema, strict.schema]))) {
    throw new Error("the ajv generator assumes no unevaluated* or dynamic reference keyword (see newAjv)");
  }
  const exported = modules.flatMap((m) => m.exports.map((e) => e.schema ?? e.name));
  return [inlineSingleUse(lax.schema, exported), inlineSingleUse(onlyKeyChecks(strict.schema), exported)];
}

async function bundle(code: string): Promise<string> {
  const result = await build({
    stdin: { contents: code, loader: "js", resolveDir: dirname(fileURLToPath(import.meta.url)) },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2020",
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild produced no output");
  return output.text;
}

function declarations(exports: readonly Export[], verbose: boolean): string {
  const lines = [
    'import type * as types from "@vlmchat/types";',
    "",
    "/**",
    " * One error of a precompiled validator: the fields of ajv's `ErrorObject` the validators fill in,",
    " * declared here so that the validators' types need no ajv installed.",
    " */",
    "export interface ValidatorError {",
    "  keyword: string;",
    "  instancePath: string;",
    "  schemaPath: string;",
    "  params: Record<string, unknown>;",
    "  schema?: unknown;",
    "  parentSchema?: unknown;",
    "  data?: unknown;",
    "}",
    "",
    "/**",
    " * A precompiled ajv validator: true when `data` is valid. After a failure, `errors` holds every",
    verbose
      ? " * problem (ajv's `allErrors` and `verbose` errors, without messages)."
      : " * problem (ajv's `allErrors` errors, without messages, `parentSchema` or `data`).",
    " */",
    "export interface StandaloneValidator<T> {",
    "  (data: unknown): data is T;",
    "  errors?: ValidatorError[] | null;",
    "}",
    "",
  ];
  for (const e of exports) {
    if (e.strict) {
      lines.push(
        `/** Finds keys a \`${e.schema ?? e.name}\` does not define (\`additionalProperties\` errors); checks nothing else. */`,
      );
      lines.push(`export declare const ${e.name}: StandaloneValidator<unknown>;`);
    } else {
      lines.push(`/** Validates a \`${e.schema ?? e.name}\`. */`);
      lines.push(`export declare const ${e.name}: StandaloneValidator<types.${e.schema ?? e.name}>;`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function specSchemasModule(document: JsonSchema): string {
  return [
    "/**",
    " * The spec's component schemas as one JSON Schema 2020-12 document, exactly as the spec states them",
    " * (not rewritten for ajv). The tests compile it at run time to check the precompiled validators.",
    " */",
    `export const specSchemas = ${JSON.stringify(document, null, 2)} as const;`,
    "",
    `export const specSchemasId = ${JSON.stringify(schemasId)};`,
    "",
  ].join("\n");
}
