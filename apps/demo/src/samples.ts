import { fileURLToPath } from "node:url";

/** The files bundled in apps/demo/samples/, made by scripts/make-samples.ts. */
export type SampleName = "scene.png" | "receipt.pdf" | "receipt.schema.json";

export function samplePath(name: SampleName): string {
  return fileURLToPath(new URL(`../samples/${name}`, import.meta.url));
}
