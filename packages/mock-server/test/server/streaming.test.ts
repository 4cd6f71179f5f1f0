import type { ChatCompletion, ChatCompletionChunk } from "@vlmchat/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { tokenize } from "../../src/engine/tokens";
import { startMockServer } from "../../src/index";
import { Api } from "../helpers/api";
import { specExample } from "../helpers/fixtures";
import { rawRequest } from "../helpers/raw-http";
import { useMockServer } from "../helpers/server";

/** Rebuilds each choice's message from a stream's deltas. */
function assemble(chunks: ChatCompletionChunk[]) {
  const choices = new Map<
    number,
    { content: string | null; arguments: string; name?: string; id?: string; finish?: string | null }
  >();
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      const state = choices.get(choice.index) ?? { content: null, arguments: "" };
      if (typeof choice.delta.content === "string")
        state.content = (state.content ?? "") + choice.delta.content;
      for (const call of choice.delta.tool_calls ?? []) {
        state.arguments += call.function?.arguments ?? "";
        if (call.function?.name) state.name = call.function.name;
        if (call.id) state.id = call.id;
      }
      if (choice.finish_reason) state.finish = choice.finish_reason;
      choices.set(choice.index, state);
    }
  }
  return choices;
}

describe("streaming", () => {
  const mock = useMockServer();

  it.each([
    { name: "text", body: { messages: [{ role: "user", content: "Describe the weather, please." }] } },
    { name: "n=3", body: { n: 3, messages: [{ role: "user", content: "Three answers." }] } },
    { name: "an image", body: specExample("requestImageDataUrl") },
    { name: "structured output", body: specExample("requestStructuredOutputOpenAI") },
    { name: "a tool call", body: { ...specExample("requestTools"), n: 2 } },
    { name: "max_tokens", body: { max_tokens: 4, messages: [{ role: "user", content: "Cut me short." }] } },
  ])("sends the same answer as the JSON completion ($name)", async ({ body }) => {
    const completion = await mock.api.complete({ ...body, stream: false });
    const chunks = await mock.api.stream({ ...body, stream_options: { include_usage: true } });
    const rebuilt = assemble(chunks);
    expect(rebuilt.size).toBe(completion.choices.length);
    for (const choice of completion.choices) {
      const streamed = rebuilt.get(choice.index);
      expect(streamed?.content).toBe(choice.message.content);
      expect(streamed?.finish).toBe(choice.finish_reason);
      const call = choice.message.tool_calls?.[0];
      if (call) {
        expect(streamed?.arguments).toBe(call.function.arguments);
        expect(streamed?.name).toBe(call.function.name);
        expect(streamed?.id).toBe(call.id);
      }
    }
    expect(chunks.at(-1)?.usage).toEqual(completion.usage);
  });

  it("sends role first, one token per delta, finish_reason last, and the session id on every chunk", async () => {
    const completion = await mock.api.complete({ messages: [{ role: "user", content: "Hello there" }] });
    const chunks = await mock.api.stream({ messages: [{ role: "user", content: "Hello there" }] });
    const text = completion.choices[0]?.message.content ?? "";
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0]?.delta.content);
    expect(deltas).toEqual(tokenize(text));
    expect(chunks.at(-1)?.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: "stop" });
    expect(new Set(chunks.map((chunk) => chunk.session_id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it("interleaves the choices of n > 1, each starting with its role", async () => {
    const chunks = await mock.api.stream({ n: 2, messages: [{ role: "user", content: "Two" }] });
    expect(chunks.slice(0, 4).map((chunk) => chunk.choices[0]?.index)).toEqual([0, 1, 0, 1]);
  });

  it("carries per-token logprobs on the content deltas", async () => {
    const body = { logprobs: 2, messages: [{ role: "user", content: "Logprobs" }] };
    const completion: ChatCompletion = await mock.api.complete(body);
    const chunks = await mock.api.stream(body);
    const streamed = chunks.flatMap((chunk) =>
      chunk.choices.flatMap((choice) => choice.logprobs?.content ?? []),
    );
    expect(streamed).toEqual(completion.choices[0]?.logprobs?.content);
  });

  it("streams because of stream: true, whatever Accept says", async () => {
    const response = await mock.api.chat(
      { stream: true, messages: [{ role: "user", content: "x" }] },
      { accept: "application/json" },
    );
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  });
});

describe("latency", () => {
  const mock = useMockServer({ latencyMs: 25 });

  it("waits latencyMs before each chunk", async () => {
    const raw = await rawRequest(
      mock.server.port,
      {
        method: "POST",
        path: "/v1/openai/chat/completions",
        body: JSON.stringify({
          stream: true,
          max_tokens: 6,
          messages: [{ role: "user", content: "Slowly" }],
        }),
      },
      5_000,
    );
    expect(raw.ended).toBe("complete");
    // role + 6 tokens + finish = 8 chunks, each after a 25 ms wait.
    expect(raw.events).toHaveLength(9);
    expect(raw.elapsedMs).toBeGreaterThanOrEqual(8 * 25 - 5);
  });
});

describe("a client that goes away mid-stream", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("stops the stream quietly: no error logged, the server keeps serving", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const server = await startMockServer({ db: ":memory:", latencyMs: 20, log: "json" });
    try {
      const controller = new AbortController();
      const response = await fetch(`${server.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          stream: true,
          messages: [{ role: "user", content: "A long answer please, with many words in it." }],
        }),
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      controller.abort();
      await expect(reader.read()).rejects.toThrow();
      await vi.waitFor(() => expect(lines.join("")).toContain("client went away during the stream"), {
        timeout: 2_000,
      });
      expect((await new Api(server.url).request("GET", "/v1/health")).status).toBe(200);
      const records = lines
        .join("")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { level: string });
      expect(records.filter((record) => record.level === "error")).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
