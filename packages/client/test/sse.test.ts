import { readdirSync, readFileSync } from "node:fs";
import { createParser } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import { ResponseTooLargeError } from "../src/errors";
import { eventDecoder } from "../src/streaming";
import { rechunk, seededRandom } from "./helpers/rechunk";

/** An event as these tests compare it: the `event` field defaults to "message", the id to "". */
interface ServerSentEvent {
  event: string;
  data: string;
  id: string;
}

const encoder = new TextEncoder();

/** The events the client's decoder (eventsource-parser over the bytes' text) gives for `pieces`. */
function parse(
  pieces: ReadonlyArray<Uint8Array | string>,
  maxEventSize = 1 << 24,
): { events: ServerSentEvent[] } {
  const events: ServerSentEvent[] = [];
  const decoder = eventDecoder(
    (event) => events.push({ event: event.event ?? "message", data: event.data, id: event.id ?? "" }),
    maxEventSize,
  );
  for (const piece of pieces) decoder.feed(typeof piece === "string" ? encoder.encode(piece) : piece);
  decoder.end();
  return { events };
}

const ev = (data: string, event = "message", id = ""): ServerSentEvent => ({ event, data, id });

const table: Array<{ name: string; given: string; want: ServerSentEvent[] }> = [
  { name: "LF line ends", given: "data: a\n\ndata: b\n\n", want: [ev("a"), ev("b")] },
  { name: "CRLF line ends", given: "data: a\r\n\r\ndata: b\r\n\r\n", want: [ev("a"), ev("b")] },
  { name: "CR line ends", given: "data: a\r\rdata: b\r\r", want: [ev("a"), ev("b")] },
  { name: "mixed line ends", given: "data: a\r\ndata: b\n\rdata: c\r\n\n", want: [ev("a\nb"), ev("c")] },
  { name: "comments", given: ": ping\n\n:\ndata: x\n: inside\n\n", want: [ev("x")] },
  {
    name: "multi-line data",
    given: "data: one\ndata: two\ndata:\ndata: four\n\n",
    want: [ev("one\ntwo\n\nfour")],
  },
  { name: "empty data dispatches an empty event", given: "data:\n\ndata\n\n", want: [ev(""), ev("")] },
  {
    name: "one leading space is stripped, no more",
    given: "data:x\n\ndata:  y\n\n",
    want: [ev("x"), ev(" y")],
  },
  {
    name: "event field",
    given: "event: error\ndata: {}\n\ndata: after\n\n",
    want: [ev("{}", "error"), ev("after")],
  },
  {
    name: "event type is reset by a blank line without data",
    given: "event: error\n\ndata: x\n\n",
    want: [ev("x")],
  },
  {
    // eventsource-parser gives each event its own id (the client reads none).
    name: "an event's id; NUL ids are ignored",
    given: "id: 1\ndata: a\n\ndata: b\n\nid: 2\0\ndata: c\n\nid\ndata: d\n\n",
    want: [ev("a", "message", "1"), ev("b"), ev("c"), ev("d")],
  },
  {
    name: "retry: digits only",
    given: "retry: 1500\nretry: 2x\nretry: -1\ndata: a\n\n",
    want: [ev("a")],
  },
  { name: "unknown fields are ignored", given: "foo: bar\ndata: a\nDATA: b\n\n", want: [ev("a")] },
  { name: "a colon in the value", given: 'data: {"a":"b:c"}\n\n', want: [ev('{"a":"b:c"}')] },
  { name: "a leading BOM is dropped", given: "\uFEFFdata: a\n\n", want: [ev("a")] },
  { name: "a BOM later is data", given: "data: \uFEFFa\n\n", want: [ev("\uFEFFa")] },
  { name: "blank lines alone dispatch nothing", given: "\n\n\r\n\r\r\n", want: [] },
  { name: "UTF-8 beyond ASCII", given: "data: héllo 😀 日本語\n\n", want: [ev("héllo 😀 日本語")] },
  {
    name: "a final event without its blank line is still dispatched",
    given: "data: a\n\ndata: [DONE]",
    want: [ev("a"), ev("[DONE]")],
  },
  { name: "a final line end without the blank line", given: "data: [DONE]\n", want: [ev("[DONE]")] },
];

describe("the client's SSE decoding (eventsource-parser)", () => {
  it.each(table)("$name", ({ given, want }) => {
    const result = parse([encoder.encode(given)]);
    expect(result.events).toEqual(want);
    // The same text fed as a string.
    expect(parse([given]).events).toEqual(want);
  });

  it("gives the same events however the bytes are cut (seeded random re-chunking)", () => {
    const seed = 20_260_101;
    const random = seededRandom(seed);
    for (const { name, given, want } of table) {
      const bytes = encoder.encode(given);
      for (let round = 0; round < 200; round++) {
        const pieces = rechunk(bytes, random, 16);
        expect(parse(pieces).events, `${name}, seed ${seed}, round ${round}`).toEqual(want);
      }
    }
  });

  it("splits a CRLF across reads as one line end", () => {
    const pieces = ["data: a\r", "\n", "\r", "\ndata: b\r", "\r"].map((text) => encoder.encode(text));
    expect(parse(pieces).events).toEqual([ev("a"), ev("b")]);
  });

  it("joins a UTF-8 character split across reads", () => {
    const bytes = encoder.encode("data: 😀\n\n");
    // The emoji's four bytes start at offset 6: cut after each of its first three bytes.
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 8), bytes.subarray(8, 9), bytes.subarray(9)];
    expect(parse(pieces).events).toEqual([ev("😀")]);
  });

  it("turns a character cut short by the end of the stream, and invalid bytes, into U+FFFD", () => {
    const cut = encoder.encode("data: ab😀").subarray(0, 10);
    expect(parse([cut]).events).toEqual([ev("ab\uFFFD")]);
    expect(parse([new Uint8Array([...encoder.encode("data: x"), 0xff, 0x0a, 0x0a])]).events).toEqual([
      ev("x\uFFFD"),
    ]);
  });

  it("refuses an event longer than maxEventSize, however it arrives", () => {
    const bytes = encoder.encode(`data: ${"x".repeat(5000)}\n\n`);
    expect(() => parse([bytes], 4096)).toThrow(ResponseTooLargeError);
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 100) pieces.push(bytes.subarray(at, at + 100));
    expect(() => parse(pieces, 4096)).toThrow(/longer than maxEventSize \(4096 characters\)/);
    expect(parse([bytes], 8192).events).toHaveLength(1);
  });

  it("does not rescan a long line for each read (stays linear)", () => {
    const long = "x".repeat(2_000_000);
    const bytes = encoder.encode(`data: ${long}\n\n`);
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 1024) pieces.push(bytes.subarray(at, at + 1024));
    const { events } = parse(pieces);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.length).toBe(long.length);
  });
});

describe("SSE decoding on recorded streams", () => {
  const dir = new URL("./fixtures/", import.meta.url);
  const files = readdirSync(dir).filter((file) => file.endsWith(".sse"));

  it("has recorded streams to replay", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s: every random re-chunking agrees with eventsource-parser", (file) => {
    const bytes = new Uint8Array(readFileSync(new URL(file, dir)));
    const reference: Array<{ event: string; data: string }> = [];
    const decoder = new TextDecoder();
    const other = createParser({
      onEvent: (e) => reference.push({ event: e.event ?? "message", data: e.data }),
    });
    other.feed(decoder.decode(bytes));
    expect(reference.length).toBeGreaterThan(0);

    const seed = bytes.length;
    const random = seededRandom(seed);
    for (let round = 0; round < 100; round++) {
      const events = parse(rechunk(bytes, random, 512)).events.map(({ event, data }) => ({ event, data }));
      expect(events, `${file}, seed ${seed}, round ${round}`).toEqual(reference);
    }
  });
});
