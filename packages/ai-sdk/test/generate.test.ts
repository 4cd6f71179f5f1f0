import {
  APICallError,
  InvalidArgumentError,
  type JSONObject,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import { generateText, jsonSchema, stepCountIs, tool } from "ai";
import { describe, expect, it } from "vitest";
import { fault, pdf, png, useMockServer } from "./helpers/mock";
import { recordingFetch } from "./helpers/record";

const mock = useMockServer();

describe("generateText", () => {
  it("sends a PNG file part as an image_url data URL, and the mock describes the image", async () => {
    const model = mock.provider()("vlmrun-orion-1:auto");
    const result = await generateText({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "file", data: png, mediaType: "image/png" },
          ],
        },
      ],
    });
    expect(result.text).toContain("an image (image/png, 70 bytes, 2×1 pixels, inline data URL)");
    expect(result.finishReason).toBe("stop");
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.providerMetadata?.vlmrun?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.response.modelId).toBe("vlmrun-orion-1:auto");
    // The answer's headers, and its request id (the mock sends one per request).
    const requestId = result.response.headers?.["x-request-id"];
    expect(requestId).toMatch(/\S/);
    expect(result.response.headers?.["content-type"]).toMatch(/^application\/json/);
    expect(result.providerMetadata?.vlmrun?.requestId).toBe(requestId);
    expect(result.warnings).toEqual([]);
  });

  it("maps file parts by media type: URLs pass through (never downloaded), bytes become data URLs, detail applies", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:auto");
    const result = await generateText({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare these." },
            { type: "image", image: png, providerOptions: { vlmrun: { detail: "low" } } },
            // example.invalid resolves nowhere: had the SDK downloaded it, the call would fail.
            { type: "file", data: new URL("https://example.invalid/clip.mp4"), mediaType: "video/mp4" },
            { type: "file", data: new URL("https://example.invalid/talk.mp3"), mediaType: "audio/mpeg" },
            { type: "file", data: Buffer.from(pdf).toString("base64"), mediaType: "application/pdf" },
          ],
        },
      ],
    });
    const messages = recorder.bodies[0]?.messages as Array<{ content: Array<{ type: string }> }>;
    const content = messages[0]?.content;
    expect(content?.map((part) => part.type)).toEqual([
      "text",
      "image_url",
      "video_url",
      "audio_url",
      "file_url",
    ]);
    expect(content?.[1]).toMatchObject({
      image_url: { detail: "low", url: expect.stringMatching(/^data:image\/png;base64,/) },
    });
    expect(content?.[2]).toEqual({
      type: "video_url",
      video_url: { url: "https://example.invalid/clip.mp4" },
    });
    expect(content?.[4]).toMatchObject({
      file_url: { url: expect.stringMatching(/^data:application\/pdf;base64,/) },
    });
    expect(result.text).toContain("detail low");
    expect(result.text).toContain("a video (video/mp4 by its extension");
    expect(result.text).toContain("audio (audio/mpeg by its extension");
    expect(result.text).toContain("a document (application/pdf");
  });

  it("uploads a file over the inline limit through client.files and sends it as input_file; the mock reads it by id", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch, maxInlineBytes: 64 })("vlmrun-orion-1:auto");
    const result = await generateText({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            // 70 bytes: over the 64-byte limit. As base64, as the SDK may hand it over.
            {
              type: "file",
              data: Buffer.from(png).toString("base64"),
              mediaType: "image/png",
              filename: "dot.png",
            },
          ],
        },
      ],
    });
    expect(recorder.requests).toEqual(["POST /v1/files", "POST /v1/openai/chat/completions"]);
    const messages = recorder.bodies[0]?.messages as Array<{ content: Array<Record<string, unknown>> }>;
    const sent = messages[0]?.content[1];
    expect(sent).toEqual({ type: "input_file", file_id: expect.any(String) });
    // The mock describes the stored file: its name, its bytes (sniffed), its pixel size and its id.
    expect(result.text).toContain("image/png, 70 bytes, 2×1 pixels");
    expect(result.text).toContain("dot.png");
    expect(result.text).toContain(sent?.file_id as string);
  });

  it("with uploads: false, refuses a file over the inline limit with a clear error, before sending anything", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch, maxInlineBytes: 64, uploads: false })(
      "vlmrun-orion-1:auto",
    );
    const call = generateText({
      model,
      maxRetries: 0,
      messages: [
        { role: "user", content: [{ type: "file", data: png, mediaType: "image/png", filename: "dot.png" }] },
      ],
    });
    await expect(call).rejects.toSatisfy(
      (error) =>
        UnsupportedFunctionalityError.isInstance(error) &&
        /dot\.png \(image\/png\).*over the limit.*uploads are turned off/.test((error as Error).message),
    );
    expect(recorder.requests).toEqual([]);
  });

  it("an upload the API refuses is the SDK's APICallError, and no chat call is made", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({
      fetch: recorder.fetch,
      maxInlineBytes: 64,
      defaultHeaders: fault("status=503"),
    })("vlmrun-orion-1:auto");
    const call = generateText({
      model,
      maxRetries: 0,
      messages: [{ role: "user", content: [{ type: "file", data: png, mediaType: "image/png" }] }],
    });
    await expect(call).rejects.toSatisfy(
      (error) =>
        APICallError.isInstance(error) &&
        error.statusCode === 503 &&
        error.isRetryable &&
        error.url.endsWith("/v1/files"),
    );
    expect(recorder.requests).toEqual(["POST /v1/files"]);
  });

  it("refuses provider settings of the wrong kind when the provider is made", () => {
    expect(() => mock.provider({ maxInlineBytes: -1 })).toThrow(RangeError);
    expect(() => mock.provider({ maxInlineBytes: 1.5 })).toThrow(
      /maxInlineBytes must be a non-negative integer/,
    );
    // @ts-expect-error: a string where a boolean goes, as untyped JavaScript might pass
    expect(() => mock.provider({ uploads: "no" })).toThrow(/uploads must be true or false, got no/);
  });

  it("the call's abort signal aborts an upload under way; the call rejects with the abort error", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({
      fetch: recorder.fetch,
      maxInlineBytes: 64,
      defaultHeaders: fault("delay=5000"),
    })("vlmrun-orion-1:auto");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop the upload")), 100);
    const call = generateText({
      model,
      abortSignal: controller.signal,
      messages: [{ role: "user", content: [{ type: "file", data: png, mediaType: "image/png" }] }],
    });
    await expect(call).rejects.toThrow("stop the upload");
    expect(recorder.requests).toEqual(["POST /v1/files"]);
  });

  it("refuses bytes that are not what their media type says, with the client's input error", async () => {
    const model = mock.provider()("vlmrun-orion-1:auto");
    const call = generateText({
      model,
      maxRetries: 0,
      messages: [{ role: "user", content: [{ type: "file", data: pdf, mediaType: "image/png" }] }],
    });
    await expect(call).rejects.toThrow(/this is a PDF.*not image/i);
  });

  it("warns about settings VLM Run ignores and does not send them", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:fast");
    const result = await generateText({
      model,
      prompt: "Hello there",
      seed: 7,
      stopSequences: ["END"],
      temperature: 0.5,
      maxOutputTokens: 100,
    });
    expect(result.warnings).toEqual([
      { type: "unsupported", feature: "stopSequences" },
      { type: "unsupported", feature: "seed" },
    ]);
    expect(recorder.bodies[0]).toEqual({
      model: "vlmrun-orion-1:fast",
      messages: [{ role: "user", content: "Hello there" }],
      max_tokens: 100,
      temperature: 0.5,
      stream: false,
    });
  });

  it("passes providerOptions.vlmrun extras, and checks them", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:auto");
    await generateText({
      model,
      prompt: "Hello there",
      providerOptions: {
        vlmrun: {
          toolsets: ["core", "image"],
          models: ["gemini"],
          preview: false,
          metadata: { experiment_id: "e1" },
        },
      },
    });
    expect(recorder.bodies[0]).toMatchObject({
      toolsets: ["core", "image"],
      models: ["gemini"],
      preview: false,
      metadata: { experiment_id: "e1" },
    });
    const cases: Array<[JSONObject, RegExp]> = [
      [{ sessionId: 5 }, /sessionId must be a non-empty string, got 5/],
      [{ toolset: ["core"] }, /has no option "toolset"/],
    ];
    for (const [vlmrun, message] of cases) {
      await expect(
        generateText({ model, prompt: "Hi", maxRetries: 0, providerOptions: { vlmrun } }),
      ).rejects.toSatisfy(
        (error) => InvalidArgumentError.isInstance(error) && message.test((error as Error).message),
      );
    }
  });

  it("runs function tools both ways (an assumption: VLM Run documents none; OpenAI's shapes)", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:auto");
    const result = await generateText({
      model,
      prompt: "What is the weather in Paris?",
      tools: {
        get_weather: tool({
          description: "The weather in a city",
          inputSchema: jsonSchema<{ city: string }>({
            type: "object",
            properties: { city: { type: "string" } },
            required: ["city"],
          }),
          execute: async ({ city }) => `Sunny in ${city}`,
        }),
      },
      stopWhen: stepCountIs(2),
    });
    const [first, second] = result.steps;
    expect(first?.finishReason).toBe("tool-calls");
    expect(first?.toolCalls).toHaveLength(1);
    expect(first?.toolCalls[0]?.toolName).toBe("get_weather");
    const callId = first?.toolCalls[0]?.toolCallId;
    expect(recorder.bodies[0]?.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "The weather in a city",
          parameters: expect.objectContaining({ type: "object" }),
        },
      },
    ]);
    // The second request carries the call and its result back.
    const messages = recorder.bodies[1]?.messages as Array<Record<string, unknown>>;
    expect(messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: callId, type: "function", function: { name: "get_weather", arguments: expect.any(String) } },
        ],
      },
      { role: "tool", tool_call_id: callId, content: expect.stringMatching(/^Sunny in /) },
    ]);
    expect(second?.text).toContain(`The tool get_weather (call ${callId}) returned “Sunny in`);
  });

  it("maps toolChoice to tool_choice", async () => {
    const recorder = recordingFetch();
    const model = mock.provider({ fetch: recorder.fetch })("vlmrun-orion-1:auto");
    const result = await generateText({
      model,
      prompt: "Hello there",
      tools: { lookup: tool({ inputSchema: jsonSchema({ type: "object", properties: {} }) }) },
      toolChoice: { type: "tool", toolName: "lookup" },
    });
    expect(recorder.bodies[0]?.tool_choice).toEqual({ type: "function", function: { name: "lookup" } });
    expect(result.toolCalls[0]?.toolName).toBe("lookup");
  });
});
