import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { staleSamples } from "../scripts/make-samples";
import { SAMPLE_RECEIPT } from "../scripts/receipt-page";
import { ReceiptSchema } from "../src/receipt";
import { samplePath } from "../src/samples";

describe("bundled samples", () => {
  it("are exactly what scripts/make-samples.ts makes", () => {
    expect(staleSamples()).toEqual([]);
  });

  it("scene.png is a 192x128 RGB PNG of a few KB", () => {
    const png = readFileSync(samplePath("scene.png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([192, 128]);
    expect(png.length).toBeLessThan(16 * 1024);
  });

  it("receipt.pdf is a PDF whose text holds the store, the items and the total", () => {
    const pdf = readFileSync(samplePath("receipt.pdf")).toString("latin1");
    expect(pdf.startsWith("%PDF-1.4")).toBe(true);
    expect(pdf).toContain("(CORNER CAFE)");
    for (const item of SAMPLE_RECEIPT.items) expect(pdf).toContain(item.description);
    expect(pdf).toMatch(/\(TOTAL GBP +17\.80\)/);
    // Every cross-reference entry points at the object it names.
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    const entries = pdf.slice(xrefAt).split("\n").slice(3, 10);
    entries.forEach((entry, index) => {
      expect(pdf.slice(Number(entry.slice(0, 10))).startsWith(`${index + 1} 0 obj\n`)).toBe(true);
    });
  });

  it("the receipt's true content satisfies the receipt schema, in zod and in the JSON Schema file", () => {
    expect(ReceiptSchema.parse(SAMPLE_RECEIPT)).toEqual(SAMPLE_RECEIPT);
    const jsonSchema = JSON.parse(readFileSync(samplePath("receipt.schema.json"), "utf8"));
    expect(jsonSchema.required).toEqual(Object.keys(SAMPLE_RECEIPT));
  });
});
