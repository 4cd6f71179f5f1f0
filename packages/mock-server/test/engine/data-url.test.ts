import { describe, expect, it } from "vitest";
import { base64ByteLength, decodeDataUrl } from "../../src/engine/data-url";

describe("decodeDataUrl", () => {
  it.each([
    {
      url: "data:image/png;base64,iVBORw0KGgo=",
      mimeType: "image/png",
      bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    },
    {
      url: "data:Text/Plain;charset=utf-8,hi%20there",
      mimeType: "text/plain",
      bytes: [...Buffer.from("hi there")],
    },
    { url: "data:,A%2C", mimeType: "text/plain", bytes: [0x41, 0x2c] },
    {
      url: "data:application/pdf;name=x.pdf;base64,JVBERi0=",
      mimeType: "application/pdf",
      bytes: [...Buffer.from("%PDF-")],
    },
    { url: "data:image/png;base64,", mimeType: "image/png", bytes: [] },
  ])("decodes $url", ({ url, mimeType, bytes }) => {
    const decoded = decodeDataUrl(url);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.mimeType).toBe(mimeType);
    expect([...decoded.value.head]).toEqual(bytes);
    expect(decoded.value.byteLength).toBe(bytes.length);
  });

  it.each([
    { url: "https://example.com/x.png", problem: "not a data URL" },
    { url: "data:image/png;base64", problem: "malformed data URL (no comma before the data)" },
    { url: "data:image/png;base64,@@@@", problem: "data URL with invalid base64" },
    { url: "data:text/plain,%zz", problem: "data URL with invalid percent-encoding" },
  ])("reports $problem for $url", ({ url, problem }) => {
    expect(decodeDataUrl(url)).toEqual({ ok: false, problem });
  });

  it("decodes only the head of a large URL, and still counts every byte", () => {
    const bytes = Buffer.alloc(3_000_000, 7);
    const decoded = decodeDataUrl(`data:application/octet-stream;base64,${bytes.toString("base64")}`, 1000);
    expect(decoded.ok && decoded.value.byteLength).toBe(3_000_000);
    expect(decoded.ok && decoded.value.head.length).toBe(1000);
  });

  it("counts base64 bytes without decoding", () => {
    expect(base64ByteLength("AAAA")).toBe(3);
    expect(base64ByteLength("AAA=")).toBe(2);
    expect(base64ByteLength("not base64!")).toBeUndefined();
  });
});
