import type { ChatCompletionChunk } from "@vlmchat/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { APIStreamError, APIUserAbortError, fromReadableStream } from "../src/index";
import { fault, hello, useMockServer } from "./helpers/mock";

// A slow server (20 ms per chunk) whose request log (JSON lines on stderr) shows what it saw of the client.
const mock = useMockServer({ latencyMs: 20, log: "json" });

const stderr: string[] = [];
beforeAll(() => {
  const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array) => boolean;
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    const text = String(chunk);
    if (!text.includes('"msg":"request"')) return write(chunk);
    stderr.push(text);
    return true;
  });
});
afterAll(() => {
  vi.restoreAllMocks();
});
beforeEach(() => {
  stderr.length = 0;
});
async function serverNote(path: string): Promise<string | undefined> {
  for (let i = 0; i < 100; i++) {
    const line = stderr.find((entry) => entry.includes(path));
    if (line) return (JSON.parse(line) as { note?: string }).note;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

const long = [
  { role: "user" as const, content: "Tell me a long story about a lighthouse keeper and the sea" },
];

describe("streams on the wire", () => {
  it("leaving a for-await early closes the connection (the server sees the client go)", async () => {
    const stream = await mock.client().chat.completions.create({ messages: long, stream: true });
    for await (const _ of stream) break;
    expect(await serverNote("/chat/completions")).toMatch(/client went away/);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("abort() closes the connection mid-stream", async () => {
    const stream = await mock.client().chat.completions.create({ messages: long, stream: true });
    const seen: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) {
        seen.push(chunk);
        if (seen.length === 2) stream.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(2);
    expect(await serverNote("/chat/completions")).toMatch(/client went away/);
  });

  it("an error event after some chunks is thrown as APIStreamError", async () => {
    const stream = await mock
      .client()
      .chat.completions.create({ messages: hello, stream: true }, fault("error-after=2"));
    const seen: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(2);
    expect(error).toBeInstanceOf(APIStreamError);
    expect((error as APIStreamError).type).toEqual(expect.any(String));
    expect((error as APIStreamError).requestId).toMatch(/^req_/);
  });

  it("tee() gives two complete readers of one request", async () => {
    const stream = await mock.client().chat.completions.create({ messages: hello, stream: true });
    const [left, right] = stream.tee();
    const [a, b] = await Promise.all([left.finalCompletion(), right.finalCompletion()]);
    expect(a).toEqual(b);
  });

  it("toReadableStream() carries the chunks through a Response and back", async () => {
    const stream = await mock.client().chat.completions.create({ messages: hello, stream: true });
    // What a server route would answer a browser with, and what the browser would read.
    const relayed = new Response(stream.toReadableStream(), {
      headers: { "content-type": "application/x-ndjson" },
    });
    const back = fromReadableStream(relayed.body!);
    const completion = await back.finalCompletion();
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });
});
