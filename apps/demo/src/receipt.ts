import { z } from "zod";

/** What the tour extracts from the sample receipt; the JSON Schema in samples/ is generated from it. */
export const ReceiptSchema = z
  .object({
    merchant: z.string().describe("The store's name as printed at the top"),
    date: z.string().describe("The purchase date, YYYY-MM-DD"),
    currency: z.string().describe("ISO 4217 code, e.g. GBP"),
    items: z
      .array(
        z
          .object({
            description: z.string(),
            quantity: z.int().min(1).max(1000),
            unit_price: z.number().min(0),
            total: z.number().min(0),
          })
          .strict(),
      )
      // No .min(1): minItems is among the keywords the API's JSON mode does not support.
      .describe("Every line item, in the order printed"),
    subtotal: z.number().min(0),
    tax: z.number().min(0).describe("Tax included in the total"),
    total: z.number().min(0),
  })
  .strict();

export type Receipt = z.infer<typeof ReceiptSchema>;
