/**
 * Rebuilds the demo's bundled samples from code: `pnpm --filter @vlmchat/demo samples`.
 * With `--check` it writes nothing and fails when a committed sample differs from what the code makes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ReceiptSchema } from "../src/receipt";
import { encodePdf } from "./pdf";
import { encodePng } from "./png";
import { receiptPage, SAMPLE_RECEIPT } from "./receipt-page";
import { drawScene } from "./scene";

export function makeSamples(): Record<string, Uint8Array> {
  const schema = `${formatJson(z.toJSONSchema(ReceiptSchema))}\n`;
  return {
    "scene.png": encodePng(drawScene()),
    "receipt.pdf": encodePdf(receiptPage(SAMPLE_RECEIPT), "Corner Cafe receipt #10487"),
    "receipt.schema.json": new TextEncoder().encode(schema),
  };
}

/** JSON laid out as the repo's formatter (biome) lays it out, so the committed file stays lint-clean. */
function formatJson(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    const inline = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    if (
      value.every((item) => typeof item !== "object" || item === null) &&
      indent.length + inline.length < 100
    ) {
      return inline;
    }
    const inner = `${indent}  `;
    return `[\n${value.map((item) => inner + formatJson(item, inner)).join(",\n")}\n${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const inner = `${indent}  `;
    const entries = Object.entries(value).map(
      ([key, item]) => `${inner}${JSON.stringify(key)}: ${formatJson(item, inner)}`,
    );
    return entries.length === 0 ? "{}" : `{\n${entries.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const samplesDir = fileURLToPath(new URL("../samples/", import.meta.url));

export function staleSamples(): string[] {
  return Object.entries(makeSamples())
    .filter(([name, bytes]) => {
      try {
        return !Buffer.from(bytes).equals(readFileSync(samplesDir + name));
      } catch {
        return true;
      }
    })
    .map(([name]) => name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = staleSamples();
    if (stale.length > 0) {
      console.error(`samples out of date: ${stale.join(", ")} (run: pnpm --filter @vlmchat/demo samples)`);
      process.exit(1);
    }
  } else {
    for (const [name, bytes] of Object.entries(makeSamples())) {
      writeFileSync(samplesDir + name, bytes);
      console.log(`samples/${name}  ${bytes.length} bytes`);
    }
  }
}
