import { describe, expect, it } from "vitest";
import { SseParser } from "../../src/proxy/sse-parser";

const STREAM =
  '\uFEFFdata: {"a":1}\n\n: ping\n\nevent: note\ndata: line one\ndata: line two\n\ndata: é😀\r\n\r\ndata: [DONE]\n\n';

function parseAll(pieces: (string | Uint8Array)[]): { data: string; event: string | undefined }[] {
  const parser = new SseParser();
  const events = pieces.flatMap((piece) => parser.push(piece));
  return [...events, ...parser.end()];
}

const WANT = [
  { data: '{"a":1}', event: undefined },
  { data: "line one\nline two", event: "note" },
  { data: "é😀", event: undefined },
  { data: "[DONE]", event: undefined },
];

describe("SseParser", () => {
  it("parses a stream given whole", () => {
    expect(parseAll([STREAM])).toEqual(WANT);
  });

  it("parses the same stream split at every byte, UTF-8 characters and CRLF included", () => {
    const bytes = Buffer.from(STREAM, "utf8");
    expect(parseAll([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(WANT);
  });

  it("parses it split at random places", () => {
    const bytes = Buffer.from(STREAM, "utf8");
    for (let seed = 1; seed <= 50; seed++) {
      const pieces: Uint8Array[] = [];
      let at = 0;
      let state = seed;
      while (at < bytes.length) {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        const size = 1 + (state % 7);
        pieces.push(bytes.subarray(at, at + size));
        at += size;
      }
      expect(parseAll(pieces)).toEqual(WANT);
    }
  });

  it("dispatches a last event that lacks its blank line, and counts comments", () => {
    const parser = new SseParser();
    expect(parser.push(": keep-alive\ndata: tail")).toEqual([]);
    expect(parser.end()).toEqual([{ data: "tail", event: undefined }]);
    expect(parser.comments).toBe(1);
  });

  it("treats a lone CR as a line end", () => {
    expect(parseAll(["data: x\r\rdata: y\r\r"])).toEqual([
      { data: "x", event: undefined },
      { data: "y", event: undefined },
    ]);
  });
});
