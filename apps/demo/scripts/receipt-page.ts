import type { Receipt } from "../src/receipt";
import type { PdfPage, PdfTextLine } from "./pdf";

/** The purchase printed on the sample receipt: what a correct extraction returns. */
export const SAMPLE_RECEIPT: Receipt = {
  merchant: "Corner Cafe",
  date: "2024-05-14",
  currency: "GBP",
  items: [
    { description: "Flat white", quantity: 2, unit_price: 3.5, total: 7 },
    { description: "Croissant", quantity: 1, unit_price: 3.2, total: 3.2 },
    { description: "Blueberry muffin", quantity: 1, unit_price: 3.5, total: 3.5 },
    { description: "Orange juice", quantity: 1, unit_price: 4.1, total: 4.1 },
  ],
  subtotal: 17.8,
  tax: 2.97,
  total: 17.8,
};

const WIDTH = 226; // 80 mm till roll
const COLUMNS = 32; // characters of 11 pt Courier that fit between the margins
const money = (value: number) => value.toFixed(2);
const row = (left: string, right: string) => left + right.padStart(COLUMNS - left.length);

/** Lays the receipt out as a narrow till receipt in Courier. */
export function receiptPage(receipt: Receipt): PdfPage {
  const text: { text: string; size?: number; bold?: boolean; gap?: number }[] = [
    { text: receipt.merchant.toUpperCase(), size: 16, bold: true },
    { text: "12 Harbour Street, Portsmouth", gap: 4 },
    { text: "VAT no. GB 123 4567 89" },
    { text: row(receipt.date.split("-").reverse().join("/"), "08:42  #10487"), gap: 6 },
    { text: "", gap: 2 },
    ...receipt.items.flatMap((item) => [
      { text: row(`${item.quantity} x ${item.description}`, money(item.total)) },
      ...(item.quantity > 1 ? [{ text: `    @ ${money(item.unit_price)} each` }] : []),
    ]),
    { text: "", gap: 2 },
    { text: row("Subtotal", money(receipt.subtotal)), gap: 6 },
    { text: row("VAT 20% included", money(receipt.tax)) },
    { text: row(`TOTAL ${receipt.currency}`, money(receipt.total)), bold: true, gap: 4 },
    { text: row("Card **** 4821", money(receipt.total)), gap: 6 },
    { text: "    Thank you, see you soon!", gap: 10 },
  ];
  const lines: PdfTextLine[] = [];
  const rules: number[] = [];
  let y = 0;
  for (const entry of text) {
    const size = entry.size ?? 10.5;
    y += size + 3 + (entry.gap ?? 0);
    if (entry.text === "") rules.push(y);
    else lines.push({ x: 14, y, size, bold: entry.bold ?? false, text: entry.text });
  }
  const height = Math.ceil(y + 24);
  // Laid out top-down; PDF counts from the bottom.
  return {
    width: WIDTH,
    height,
    lines: lines.map((line) => ({ ...line, y: height - 12 - line.y })),
    rules: rules.map((ruleY) => height - 12 - ruleY + 4),
  };
}
