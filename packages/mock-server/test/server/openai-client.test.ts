import { validateChatCompletionRequest } from "@vlmchat/validation/request";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliProcess, runCli } from "../helpers/cli";
import { specExample } from "../helpers/fixtures";
import { specViolations } from "../helpers/spec-check";

/**
 * The official `openai` client (6.49.0) against the mock started from its CLI. Its fetch goes through
 * the suite's spec check: each response is copied and checked while the client reads the original.
 */
let cli: CliProcess;
const pending: Promise<void>[] = [];
const violations: unknown[] = [];
/** Every body the client received, in order, as the server sent it. */
const bodies: string[] = [];

const checkingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const requestBody = typeof init?.body === "string" ? init.body : undefined;
  const [forClient, forCheck] = (response.body as ReadableStream<Uint8Array>).tee();
  pending.push(
    new Response(forCheck).text().then((body) => {
      bodies.push(body);
      const found = specViolations({
        method: init?.method ?? "GET",
        url: url.pathname + url.search,
        requestBody,
        status: response.status,
        headers: response.headers,
        body,
      });
      if (found.length > 0) violations.push({ url: url.pathname, status: response.status, found });
    }),
  );
  return new Response(forClient, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
};

function client(options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
  return new OpenAI({
    apiKey: "sk-mock",
    baseURL: cli.baseURL,
    fetch: checkingFetch,
    maxRetries: 0,
    ...options,
  });
}

beforeAll(async () => {
  cli = await runCli(["--db", ":memory:", "--token", "sk-mock", "--log", "silent"]);
});

afterAll(async () => {
  await Promise.all(pending);
  expect(violations).toEqual([]);
  expect(await cli.stop()).toBe(0);
});

describe("the openai npm client", () => {
  it("creates a completion", async () => {
    const completion = await client().chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: [{ role: "user", content: "Hello from the OpenAI SDK" }],
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.choices[0]?.message.content).toContain("You said: “Hello from the OpenAI SDK”");
    expect((completion as unknown as { session_id: string }).session_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends multimodal content parts", async () => {
    const request = specExample<{ messages: OpenAI.ChatCompletionMessageParam[] }>("requestImageDataUrl");
    const completion = await client().chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: request.messages,
    });
    expect(completion.choices[0]?.message.content).toContain("2×1 pixels");
  });

  it("streams with for await, and the deltas add up to the completion", async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Stream this, please." }];
    const whole = await client().chat.completions.create({ model: "vlmrun-orion-1:auto", messages });
    const stream = await client().chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(finish).toBe("stop");
    expect(usage?.total_tokens).toBe(whole.usage?.total_tokens);
  });

  it("parses structured output with the SDK's json_schema response_format", async () => {
    const completion = await client().chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: [{ role: "user", content: "Extract the invoice." }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "invoice",
          strict: true,
          schema: {
            type: "object",
            properties: { total: { type: "number" } },
            required: ["total"],
            additionalProperties: false,
          },
        },
      },
    });
    expect(JSON.parse(completion.choices[0]?.message.content ?? "")).toEqual({ total: 1 });
  });

  it("raises UnprocessableEntityError on a 422 that carries the real detail", async () => {
    const request = { model: "vlmrun-orion-1:auto" as const, messages: [], temperature: 3.5 };
    const error = await client()
      .chat.completions.create(request)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect((error as InstanceType<typeof OpenAI.UnprocessableEntityError>).status).toBe(422);
    // The SDK keeps only OpenAI's `error` key; the body on the wire is FastAPI's, with the validator's detail.
    await Promise.all(pending);
    const expected = validateChatCompletionRequest(request);
    expect(expected.ok).toBe(false);
    expect(JSON.parse(bodies.at(-1) ?? "")).toEqual({ detail: expected.ok ? undefined : expected.detail });
  });

  it("raises AuthenticationError without the right key", async () => {
    const error = await client({ apiKey: "wrong" })
      .models.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("lists and retrieves models", async () => {
    const page = await client().models.list();
    expect(page.data.map((model) => model.id)).toContain("vlmrun-orion-2:pro");
    expect((await client().models.retrieve("vlmrun-orion-1:fast")).id).toBe("vlmrun-orion-1:fast");
  });

  it("retries injected failures and then succeeds (fail-times with retry-after-ms)", async () => {
    const completion = await client({
      maxRetries: 2,
      defaultHeaders: {
        "x-vlmchat-fault": "fail-times=2;status=503;retry-after-ms=1",
        "x-vlmchat-fault-key": "openai-retry",
      },
    }).chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: [{ role: "user", content: "Retry me" }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("surfaces a stream's error event as an error", async () => {
    const stream = await client({
      defaultHeaders: { "x-vlmchat-fault": "error-after=2" },
    }).chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: [{ role: "user", content: "Fail midway" }],
      stream: true,
    });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as Error).message).toContain(
      "The stream failed (injected by x-vlmchat-fault: error-after).",
    );
    expect(seen).toHaveLength(2);
  });
});
