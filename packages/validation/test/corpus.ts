import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidationDetail } from "@vlmchat/validation";

export interface CorpusCase {
  /** `<Schema>/<valid|invalid>/<file>` */
  readonly id: string;
  readonly schema: string;
  readonly valid: boolean;
  readonly description: string;
  /** Where a documented payload (`documented-*.json`) comes from: a docs.vlm.run page or an SDK file. */
  readonly source?: string;
  readonly value: unknown;
  /** The expected `detail` of an invalid case. */
  readonly detail?: ValidationDetail;
  readonly options?: { strict?: boolean };
}

const root = new URL("./fixtures/", import.meta.url);

/** Every case of `test/fixtures/<Schema>/{valid,invalid}/*.json`. */
export function corpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const schema of readdirSync(root).sort()) {
    for (const kind of ["valid", "invalid"] as const) {
      let files: string[];
      try {
        files = readdirSync(new URL(`${schema}/${kind}/`, root)).filter((f) => f.endsWith(".json"));
      } catch {
        continue;
      }
      for (const file of files.sort()) {
        const text = readFileSync(join(root.pathname, schema, kind, file), "utf8");
        const data = JSON.parse(text) as Omit<CorpusCase, "id" | "schema" | "valid">;
        cases.push({ id: `${schema}/${kind}/${file}`, schema, valid: kind === "valid", ...data });
      }
    }
  }
  return cases;
}

/** The payloads transcribed from VLM Run's docs and SDKs (`<Schema>/valid/documented-*.json`). */
export function documentedCorpus(schema?: string): CorpusCase[] {
  return corpus().filter(
    (c) => c.valid && /\/documented-[^/]+$/.test(c.id) && (schema === undefined || c.schema === schema),
  );
}
