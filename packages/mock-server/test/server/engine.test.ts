import type { ChatCompletion } from "@vlmchat/types";
import { validateStructuredOutput } from "@vlmchat/validation/structured-output";
import { describe, expect, it } from "vitest";
import { withUploadedFiles } from "../helpers/files";
import { dataUrl, media, requestExampleNames, specExample } from "../helpers/fixtures";
import { useMockServer } from "../helpers/server";

function content(completion: ChatCompletion, index = 0): string {
  return completion.choices[index]?.message.content ?? "";
}

describe("the spec's request examples", () => {
  const mock = useMockServer();

  it.each(requestExampleNames())("%s gets a valid answer", async (name) => {
    // The example's file id names a file on VLM Run's servers: the same request names one uploaded here.
    const { request } = await withUploadedFiles(mock.api, specExample(name));
    const response = await mock.api.chat(request);
    expect(response.status, response.body).toBe(200);
    if (request.stream === true) {
      expect(response.events.at(-1)).toBe("[DONE]");
    } else {
      const completion = response.json as ChatCompletion;
      expect(completion.session_id).toBeTypeOf("string");
      if (request.session_id) expect(completion.session_id).toBe(request.session_id);
    }
  });

  it("describes the inline 2×1 PNG of requestImageDataUrl from its bytes, and quotes the question", async () => {
    const completion = await mock.api.complete(specExample("requestImageDataUrl"));
    const text = content(completion);
    expect(text).toContain("an image (image/png, 70 bytes, 2×1 pixels, inline data URL)");
    expect(text).toContain("You said: “What colours are the two pixels of this image, left to right?”");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("describes parts given by URL without fetching them", async () => {
    const text = content(await mock.api.complete(specExample("requestImageHttpsUrl")));
    expect(text).toContain(
      "an image (image/jpeg by its extension, detail high, at https://images.example.com/photos/street-market.jpg, not fetched)",
    );
    expect(content(await mock.api.complete(specExample("requestPdfFileUrl")))).toContain(
      "a document (at https://arxiv.org/pdf/1706.03762, not fetched)",
    );
    const { request, ids } = await withUploadedFiles(mock.api, specExample("requestInputFileId"));
    expect(content(await mock.api.complete(request))).toContain(
      `a file (application/pdf, ${media("tiny.pdf").length} bytes, named document.pdf, file id ${ids[0]})`,
    );
    expect(content(await mock.api.complete(specExample("requestVideoUrl")))).toContain(
      "a video (video/mp4 by its extension",
    );
  });

  it("reads the WAV of requestInputAudio: type, size and duration", async () => {
    const text = content(await mock.api.complete(specExample("requestInputAudio")));
    expect(text).toContain("audio (audio/wav, 60 bytes, 0.002 s long, inline base64)");
  });

  it("reports the tool result of requestToolResult", async () => {
    const text = content(await mock.api.complete(specExample("requestToolResult")));
    expect(text).toContain(
      'The tool get_weather (call call_5Yq2m8) returned “{"temperature_c":18,"conditions":"light rain"}”.',
    );
  });
});

describe("inputs", () => {
  const mock = useMockServer();

  it.each([
    { file: "baseline-3x2.jpg", mime: "image/jpeg", size: "3×2" },
    { file: "progressive-40x30.jpg", mime: "image/jpeg", size: "40×30" },
    { file: "gif-5x4.gif", mime: "image/gif", size: "5×4" },
    { file: "webp-lossy-9x8.webp", mime: "image/webp", size: "9×8" },
    { file: "webp-lossless-2x1.webp", mime: "image/webp", size: "2×1" },
    { file: "webp-alpha-11x10.webp", mime: "image/webp", size: "11×10" },
  ])("reads the pixel size of a $mime data URL ($file)", async ({ file, mime, size }) => {
    const bytes = media(file);
    const text = content(
      await mock.api.complete({
        messages: [
          { role: "user", content: [{ type: "image_url", image_url: { url: dataUrl(mime, bytes) } }] },
        ],
      }),
    );
    expect(text).toContain(`an image (${mime}, ${bytes.length} bytes, ${size} pixels, inline data URL)`);
  });

  it("says when the bytes contradict the declared type, and describes every kind of part", async () => {
    const png = media("png-2x1.png");
    const pdf = media("tiny.pdf");
    const text = content(
      await mock.api.complete({
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Compare" },
              { type: "image_url", image_url: { url: dataUrl("image/jpeg", png), detail: "low" } },
              { type: "file", file: { file_data: dataUrl("application/pdf", pdf), filename: "receipt.pdf" } },
              { type: "input_file", file_url: { url: dataUrl("application/pdf", pdf) } },
              { type: "audio_url", audio_url: { url: "https://example.com/a/voice.mp3" } },
              { type: "image_url", image_url: { url: "data:image/png;base64,@@@" } },
              { type: "video_url", video_url: { url: "ftp://example.com/v.mp4" } },
            ],
          },
        ],
      }),
    );
    expect(text).toContain("You sent 7 parts: text (7 characters);");
    expect(text).toContain(
      `an image (image/jpeg, but the bytes are image/png, ${png.length} bytes, 2×1 pixels, detail low, inline data URL)`,
    );
    expect(text).toContain(
      `a file (application/pdf, ${pdf.length} bytes, named receipt.pdf, inline data URL)`,
    );
    expect(text).toContain(`a file (application/pdf, ${pdf.length} bytes, inline data URL)`);
    expect(text).toContain(
      "audio (audio/mpeg by its extension, at https://example.com/a/voice.mp3, not fetched)",
    );
    expect(text).toContain("an image (data URL with invalid base64, inline data URL)");
    expect(text).toContain(
      "a video (unsupported URL scheme (expected http, https or data), at ftp://example.com/v.mp4, not fetched)",
    );
  });

  it("gives the same answer to the same request", async () => {
    const request = specExample("requestImageDataUrl");
    const first = await mock.api.complete(request);
    const second = await mock.api.complete(request);
    expect(content(second)).toBe(content(first));
    expect(second.usage).toEqual(first.usage);
    expect(second.id).not.toBe(first.id);
  });

  it("uses the request's id as the completion id", async () => {
    const completion = await mock.api.complete({
      id: "chatcmpl-mine-42",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(completion.id).toBe("chatcmpl-mine-42");
  });
});

describe("choices, limits and usage", () => {
  const mock = useMockServer();

  it("gives n distinct choices, indexed in order", async () => {
    const completion = await mock.api.complete({
      n: 3,
      messages: [{ role: "user", content: "Name a colour." }],
    });
    expect(completion.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(new Set(completion.choices.map((choice) => choice.message.content)).size).toBe(3);
    expect(content(completion, 1)).toMatch(/^Choice 2 of 3\. /);
  });

  it("truncates at max_tokens with finish_reason length, and counts exactly that many tokens", async () => {
    const full = await mock.api.complete({ messages: [{ role: "user", content: "Tell me everything." }] });
    const cut = await mock.api.complete({
      max_tokens: 5,
      messages: [{ role: "user", content: "Tell me everything." }],
    });
    expect(cut.choices[0]?.finish_reason).toBe("length");
    expect(cut.usage?.completion_tokens).toBe(5);
    expect(content(full).startsWith(content(cut))).toBe(true);
    expect(content(cut).length).toBeLessThan(content(full).length);
  });

  it("keeps total_tokens = prompt_tokens + completion_tokens, and counts an image by its tiles", async () => {
    const small = await mock.api.complete(specExample("requestImageDataUrl"));
    const tall = specExample<{ messages: { content: { type: string; image_url?: { url: string } }[] }[] }>(
      "requestImageDataUrl",
    );
    const part = tall.messages[0]?.content[1];
    if (part?.image_url) part.image_url.url = dataUrl("image/png", media("tall-300x2000.png"));
    const big = await mock.api.complete(tall);
    for (const usage of [small.usage, big.usage]) {
      expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
    }
    // 300×2000 already fits 2048×2048 and its short side is under 768: 1×4 tiles of 512 px, against 1 tile.
    expect((big.usage?.prompt_tokens ?? 0) - (small.usage?.prompt_tokens ?? 0)).toBe(170 * 4 - 170);
  });

  it("honours OpenAI's stop sequences", async () => {
    const completion = await mock.api.complete({
      stop: ["session"],
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(content(completion)).toBe("This is the first turn of the ");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });
});

describe("structured outputs", () => {
  const mock = useMockServer();

  it.each([
    "requestStructuredOutputSeed",
    "requestStructuredOutputOpenAI",
    "requestStructuredOutputRawJsonSchema",
  ])("answers %s with JSON valid against the request's own schema", async (name) => {
    const request = specExample<{ response_format: Parameters<typeof validateStructuredOutput>[0] }>(name);
    const completion = await mock.api.complete({ ...request, n: 2 });
    for (const choice of completion.choices) {
      const checked = validateStructuredOutput(request.response_format, choice.message.content ?? "");
      expect(checked.ok, JSON.stringify(checked)).toBe(true);
    }
  });

  it("answers json_object with a JSON object", async () => {
    const completion = await mock.api.complete(specExample("requestJsonObject"));
    const value = JSON.parse(content(completion));
    expect(value).toMatchObject({ answer: expect.stringContaining("capital of France"), earlier_turns: 0 });
  });

  it("satisfies a demanding schema: refs, enums, bounds, formats, patterns, tuples, unions", async () => {
    const schema = {
      type: "object",
      additionalProperties: false,
      required: ["id", "kind", "score", "tags", "owner", "point", "when", "code", "note"],
      properties: {
        id: { type: "string", format: "uuid" },
        kind: { enum: ["invoice", "receipt"] },
        score: { type: "number", exclusiveMinimum: 0, maximum: 1 },
        count: { type: "integer", minimum: 10, multipleOf: 5 },
        tags: { type: "array", items: { type: "string", minLength: 3 }, minItems: 3, uniqueItems: true },
        owner: { $ref: "#/$defs/person" },
        point: {
          type: "array",
          prefixItems: [{ type: "number" }, { type: "number" }],
          items: false,
          minItems: 2,
        },
        when: { type: "string", format: "date-time" },
        code: { type: "string", pattern: "^[A-Z]{2}-\\d{3}$" },
        note: { anyOf: [{ type: "null" }, { type: "string", maxLength: 4 }] },
      },
      $defs: {
        person: {
          type: "object",
          required: ["email", "name"],
          properties: {
            email: { type: "string", format: "email" },
            name: { type: "string" },
            manager: { $ref: "#/$defs/person" },
          },
        },
      },
    };
    const responseFormat = {
      type: "json_schema" as const,
      json_schema: { name: "record", strict: true, schema },
    };
    const completion = await mock.api.complete({
      n: 3,
      response_format: responseFormat,
      messages: [{ role: "user", content: "Make a record." }],
    });
    for (const choice of completion.choices) {
      expect(
        validateStructuredOutput(responseFormat, choice.message.content ?? "").ok,
        choice.message.content ?? "",
      ).toBe(true);
    }
  });

  it("answers 400, saying why, when no JSON value can satisfy the schema", async () => {
    const response = await mock.api.chat({
      response_format: {
        type: "json_schema",
        schema: {
          type: "object",
          required: ["a", "b"],
          properties: { a: { type: "string" } },
          additionalProperties: false,
        },
      },
      messages: [{ role: "user", content: "Impossible." }],
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      detail:
        'No JSON value can satisfy the response schema: "b" is required, but additionalProperties: false forbids it',
    });
  });

  it("answers 500, saying so, when the schema is satisfiable but beyond the generator", async () => {
    const response = await mock.api.chat({
      response_format: { type: "json_schema", schema: { type: "string", not: { const: "text" } } },
      messages: [{ role: "user", content: "Anything but text." }],
    });
    expect(response.status).toBe(500);
    expect((response.json as { detail: string }).detail).toMatch(
      /^The mock server could not generate JSON valid against the response schema: /,
    );
  });
});

describe("tools", () => {
  const mock = useMockServer();
  const tools = [
    {
      type: "function",
      function: {
        name: "get_weather",
        parameters: {
          type: "object",
          properties: { city: { type: "string" }, unit: { enum: ["c", "f"] } },
          required: ["city"],
        },
      },
    },
    {
      type: "function",
      function: {
        name: "lookup_invoice",
        parameters: {
          type: "object",
          properties: { number: { type: "integer", minimum: 1000 } },
          required: ["number"],
        },
      },
    },
  ];

  it.each([
    {
      name: "auto, matching words",
      tool_choice: "auto",
      question: "What's the weather in Paris?",
      calls: "get_weather",
    },
    { name: "required", tool_choice: "required", question: "Find my invoice.", calls: "lookup_invoice" },
    { name: "required, nothing matching", tool_choice: "required", question: "Hello.", calls: "get_weather" },
    {
      name: "a named function",
      tool_choice: { type: "function", function: { name: "lookup_invoice" } },
      question: "Weather?",
      calls: "lookup_invoice",
    },
  ])(
    "calls a tool for $name, with arguments valid against its parameters",
    async ({ tool_choice, question, calls }) => {
      const completion = await mock.api.complete({
        tools,
        tool_choice,
        messages: [{ role: "user", content: question }],
      });
      const choice = completion.choices[0];
      expect(choice?.finish_reason).toBe("tool_calls");
      expect(choice?.message.content).toBeNull();
      const call = choice?.message.tool_calls?.[0];
      expect(call?.function.name).toBe(calls);
      expect(call?.id).toMatch(/^call_[0-9a-f]{24}$/);
      const parameters = tools.find((tool) => tool.function.name === calls)?.function.parameters;
      expect(
        validateStructuredOutput(
          { type: "json_schema", schema: parameters as Record<string, unknown> },
          call?.function.arguments ?? "",
        ).ok,
      ).toBe(true);
    },
  );

  it.each([
    { name: "none", tool_choice: "none", question: "What's the weather?" },
    { name: "auto without a matching tool", tool_choice: "auto", question: "Tell me a joke." },
  ])("answers in text for $name", async ({ tool_choice, question }) => {
    const completion = await mock.api.complete({
      tools,
      tool_choice,
      messages: [{ role: "user", content: question }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it.each([
    {
      tool_choice: { type: "function", function: { name: "nope" } },
      tools,
      detail: 'tool_choice names the function "nope", which is not in tools',
    },
    {
      tool_choice: "required",
      tools: undefined,
      detail: "tool_choice asks for a tool call, but the request has no tools",
    },
  ])(
    "answers 400 to a tool_choice the tools cannot satisfy: $detail",
    async ({ tool_choice, tools: given, detail }) => {
      const response = await mock.api.chat({
        tools: given,
        tool_choice,
        messages: [{ role: "user", content: "x" }],
      });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ detail });
    },
  );
});

describe("logprobs", () => {
  const mock = useMockServer();

  it.each([
    { name: "integer logprobs", params: { logprobs: 3 }, top: 3 },
    { name: "logprobs true with top_logprobs", params: { logprobs: true, top_logprobs: 5 }, top: 5 },
    { name: "logprobs true alone", params: { logprobs: true }, top: 0 },
  ])("gives one entry per content token for $name, deterministic and ordered", async ({ params, top }) => {
    const request = { ...params, messages: [{ role: "user", content: "Paris?" }] };
    const completion = await mock.api.complete(request);
    const again = await mock.api.complete(request);
    const entries = completion.choices[0]?.logprobs?.content ?? [];
    expect(entries.map((entry) => entry.token).join("")).toBe(content(completion));
    expect(again.choices[0]?.logprobs).toEqual(completion.choices[0]?.logprobs);
    for (const entry of entries) {
      expect(entry.logprob).toBeLessThanOrEqual(0);
      expect(entry.bytes).toEqual([...Buffer.from(entry.token, "utf8")]);
      expect(entry.top_logprobs).toHaveLength(top);
      if (top > 0) expect(entry.top_logprobs[0]?.token).toBe(entry.token);
      const values = entry.top_logprobs.map((alternative) => alternative.logprob);
      expect([...values].sort((a, b) => b - a)).toEqual(values);
      expect(new Set(entry.top_logprobs.map((alternative) => alternative.token)).size).toBe(top);
    }
  });

  it("gives null logprobs when not asked", async () => {
    const completion = await mock.api.complete({
      logprobs: false,
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(completion.choices[0]?.logprobs).toBeNull();
  });
});

describe("schemas that are not JSON Schema", () => {
  const mock = useMockServer();

  it("answers 400 for a response_format schema that does not compile", async () => {
    const response = await mock.api.chat({
      response_format: { type: "json_schema", schema: { type: "object", properties: { colours: "x" } } },
      messages: [{ role: "user", content: "List colours." }],
    });
    expect(response.status).toBe(400);
    expect((response.json as { detail: string }).detail).toMatch(
      /^Invalid JSON Schema in the response schema: /,
    );
  });

  it("answers 400 for tool parameters that do not compile", async () => {
    const response = await mock.api.chat({
      tools: [
        {
          type: "function",
          function: { name: "get_weather", parameters: { type: "object", properties: { city: 0 } } },
        },
      ],
      tool_choice: "required",
      messages: [{ role: "user", content: "Weather?" }],
    });
    expect(response.status).toBe(400);
    expect((response.json as { detail: string }).detail).toMatch(
      /^Invalid JSON Schema in the parameters of get_weather: /,
    );
  });
});
