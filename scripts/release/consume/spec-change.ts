import { readFileSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";

/** The optional request field the spec-change rehearsal adds. */
export const probeField = "release_probe";

/**
 * Adds an optional string field to `ChatCompletionRequest`, as a spec author would: one new property,
 * everything else untouched (edited through yaml's document model, so comments stay).
 */
export function addOptionalRequestField(specPath: string): void {
  const document = parseDocument(readFileSync(specPath, "utf8"));
  const path = ["components", "schemas", "ChatCompletionRequest", "properties"];
  if (!document.hasIn(path)) throw new Error(`${specPath}: no ChatCompletionRequest.properties`);
  if (document.hasIn([...path, probeField])) throw new Error(`${specPath}: ${probeField} already exists`);
  document.setIn(
    [...path, probeField],
    document.createNode({
      type: "string",
      description:
        "Added by the release rehearsal (scripts/release/publish-consume.ts) to prove a spec change ships.",
    }),
  );
  writeFileSync(specPath, document.toString({ lineWidth: 0 }));
}
