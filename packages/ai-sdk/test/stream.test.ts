import { APICallError } from "@ai-sdk/provider";
import { jsonSchema, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { fault, useMockServer } from "./helpers/mock";
import { readAll } from "./helpers/record";

const mock = useMockServer();

describe("streamText", () => {
  it("streams text deltas, then the usage, finish reason and session", async () => {
    const result = streamText({ model: mock.provider()("vlmrun-orion-1:auto"), prompt: "Hello there" });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join("")).toBe(
      "This is the first turn of the session. You sent text (11 characters). You said: “Hello there”",
    );
    const usage = await result.usage;
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(usage.totalTokens).toBe((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0));
    expect(await result.finishReason).toBe("stop");
    expect((await result.providerMetadata)?.vlmrun?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const response = await result.response;
    expect(response.modelId).toBe("vlmrun-orion-1:auto");
    expect(response.headers?.["content-type"]).toMatch(/^text\/event-stream/);
    expect((await result.providerMetadata)?.vlmrun?.requestId).toBe(response.headers?.["x-request-id"]);
    expect(response.headers?.["x-request-id"]).toMatch(/\S/);
  });

  it("streams a tool call as tool-input parts, then the call", async () => {
    const result = streamText({
      model: mock.provider()("vlmrun-orion-1:auto"),
      prompt: "What is the weather in Paris?",
      tools: {
        get_weather: tool({
          inputSchema: jsonSchema<{ city: string }>({
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
          }),
        }),
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types).toContain("tool-input-start");
    expect(types).toContain("tool-input-delta");
    expect(types.indexOf("tool-input-end")).toBeLessThan(types.indexOf("tool-call"));
    const [call] = await result.toolCalls;
    expect(call?.toolName).toBe("get_weather");
    expect(call?.input).toEqual({ city: expect.any(String) });
    expect(await result.finishReason).toBe("tool-calls");
  });

  it("an abort ends the stream and the request: the SDK reports the abort", async () => {
    const controller = new AbortController();
    let aborted = false;
    const result = streamText({
      model: mock.provider()("vlmrun-orion-1:auto"),
      prompt: "Hello there",
      // The mock sends two chunks, then nothing: only the abort can end this stream.
      headers: fault("stall-after=2"),
      abortSignal: controller.signal,
      onAbort: () => {
        aborted = true;
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta") controller.abort();
    }
    expect(types).toContain("abort");
    expect(types).not.toContain("finish");
    expect(aborted).toBe(true);
  });

  it("doStream: an abort rejects the reader with the abort error", async () => {
    const model = mock.provider()("vlmrun-orion-1:auto");
    const controller = new AbortController();
    const { stream } = await model.doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "Hello there" }] }],
      headers: fault("stall-after=2"),
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    await reader.read();
    controller.abort();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toMatchObject({ name: "AbortError" });
  });

  it("an error event after the stream started becomes an error part, and the stream finishes with reason error", async () => {
    const model = mock.provider()("vlmrun-orion-1:auto");
    const { stream } = await model.doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "Hello there" }] }],
      headers: fault("error-after=3"),
    });
    const parts = await readAll(stream);
    const error = parts.find((part) => part.type === "error");
    expect(error && APICallError.isInstance(error.error)).toBe(true);
    expect((error as { error: APICallError }).error.message).toMatch(/error/i);
    // Three chunks came before the error: the first carries only the role, the other two text.
    expect(parts.filter((part) => part.type === "text-delta").length).toBe(2);
    expect(parts.at(-1)).toMatchObject({ type: "finish", finishReason: { unified: "error" } });
  });

  it("an idle timeout surfaces as a retryable APICallError", async () => {
    const model = mock.provider({ idleTimeout: 200 })("vlmrun-orion-1:auto");
    const result = streamText({
      model,
      prompt: "Hello there",
      headers: fault("stall-after=2"),
      onError: () => {},
    });
    const errors: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === "error") errors.push(part.error);
    expect(errors).toHaveLength(1);
    const [error] = errors as APICallError[];
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error?.isRetryable).toBe(true);
    expect(error?.message).toMatch(/idle|timed? ?out/i);
  });

  it("a stream cut before [DONE] surfaces as a retryable APICallError", async () => {
    const model = mock.provider()("vlmrun-orion-1:auto");
    const { stream } = await model.doStream({
      prompt: [{ role: "user", content: [{ type: "text", text: "Hello there" }] }],
      headers: fault("reset-after=2"),
    });
    const parts = await readAll(stream);
    const error = parts.find((part) => part.type === "error") as { error: APICallError } | undefined;
    expect(APICallError.isInstance(error?.error)).toBe(true);
    expect(error?.error.isRetryable).toBe(true);
    expect(error?.error.statusCode).toBeUndefined();
  });
});
