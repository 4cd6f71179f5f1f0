import { readFileSync } from "node:fs";
import { document } from "@vlmchat/client";
import { formatBytes } from "../format-bytes";
import { jsonLines } from "../json-view";
import { ReceiptSchema } from "../receipt";
import { samplePath } from "../samples";
import { expectThat, type TourContext } from "./tour-context";

export const RECEIPT_PROMPT =
  "Extract the store, the date, every line item, the tax and the total from this receipt.";

/**
 * Step 3: structured output. `parse` sends the zod schema as a JSON Schema and returns the answer parsed
 * and validated, typed as `Receipt`; a non-conforming answer would throw `StructuredOutputError`.
 */
export async function extractReceipt(ctx: TourContext): Promise<void> {
  const bytes = readFileSync(samplePath("receipt.pdf"));
  ctx.print.section(
    3,
    "Extract a receipt as typed JSON",
    `samples/receipt.pdf · ${formatBytes(bytes.length)} PDF · zod schema in src/receipt.ts`,
  );
  ctx.print.you(`[receipt.pdf] ${RECEIPT_PROMPT}`);
  const completion = await ctx.client.chat.completions.parse({
    model: ctx.model,
    messages: [{ role: "user", content: [{ type: "text", text: RECEIPT_PROMPT }, await document(bytes)] }],
    response_format: ReceiptSchema,
  });
  const receipt = completion.choices[0]?.message.parsed;
  expectThat(receipt !== undefined, "the answer had no choice");
  ctx.print.block(jsonLines(receipt, ctx.print.style));
  expectThat(ReceiptSchema.safeParse(receipt).success, "the parsed object does not satisfy the schema");
  ctx.print.ok(
    `valid Receipt: ${receipt.items.length} item(s), total ${receipt.total} ${receipt.currency} (typed from the zod schema)`,
  );
  if (ctx.backend.kind === "mock") {
    ctx.print.note(
      "The mock fills the schema with deterministic placeholder values; the real API reads the PDF.",
    );
  }
}
