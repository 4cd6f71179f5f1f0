import { readFile } from "node:fs/promises";
import { formatDetail } from "@vlmchat/client";
import { checkResponseFormatSchema } from "@vlmchat/validation";
import { DemoError } from "../errors";

export interface SchemaFile {
  readonly schema: Record<string, unknown>;
  /** Keywords the server's JSON mode may ignore, as `path: message` lines: worth a warning, not a refusal. */
  readonly warnings: readonly string[];
}

/** A JSON Schema read from `--schema PATH`, checked to be one the API and the validators can use. */
export async function readSchemaFile(path: string): Promise<SchemaFile> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new DemoError(`--schema ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new DemoError(`--schema ${path}: not JSON (${(error as Error).message})`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new DemoError(`--schema ${path}: a JSON Schema is a JSON object`);
  }
  const issues = checkResponseFormatSchema(schema, { loc: ["schema"] });
  const errors = issues.filter((issue) => issue.type !== "keyword_unsupported");
  if (errors.length > 0) throw new DemoError(`--schema ${path}: ${formatDetail(errors).join("; ")}`);
  const warnings = formatDetail(issues.filter((issue) => issue.type === "keyword_unsupported"));
  return { schema: schema as Record<string, unknown>, warnings };
}
