import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { createMockFetch } from "../../src/index";
import { specViolations } from "../helpers/spec-check";

/**
 * `createMockFetch`: the mock's engine behind a fetch function, no socket. The official `openai`
 * client (6.49.0) is handed it; no request leaves the process (the host does not exist).
 */
const baseURL = "https://agent.vlm.run/v1/openai";
const hello = [{ role: "user" as const, content: "Describe a red square in one sentence." }];

function openai(
  fetch: ReturnType<typeof createMockFetch>,
  options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {},
) {
  return new OpenAI({ apiKey: "sk-mock", baseURL, fetch, maxRetries: 0, ...options });
}

async function specChecked(response: Response, method: string, url: string, requestBody?: string) {
  const body = await response.text();
  expect(
    specViolations({ method, url, requestBody, status: response.status, headers: response.headers, body }),
  ).toEqual([]);
  return body;
}

describe("createMockFetch with the openai client", () => {
  it("answers a completion, the same as a streamed one", async () => {
    const client = openai(createMockFetch());
    const completion = await client.chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: hello,
    });
    expect(completion.object).toBe("chat.completion");
    const text = completion.choices[0]?.message.content ?? "";
    expect(text.length).toBeGreaterThan(0);

    const stream = await client.chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamed = "";
    let usage: unknown;
    for await (const chunk of stream) {
      streamed += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(streamed).toBe(text);
    expect(usage).toEqual(completion.usage);
  });

  it("answers a bad request with the server's 422", async () => {
    const client = openai(createMockFetch());
    const error = await client.chat.completions
      .create({ model: "no-such-model", messages: hello })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
  });

  it("keeps sessions in memory between calls, per mock", async () => {
    const fetch = createMockFetch();
    const client = openai(fetch);
    const first = await client.chat.completions.create({ messages: hello, session_id: "s-1" } as never);
    const second = await client.chat.completions.create({
      messages: [{ role: "user", content: "And again?" }],
      session_id: "s-1",
    } as never);
    expect((first as unknown as { session_id: string }).session_id).toBe("s-1");
    expect(second.choices[0]?.message.content).not.toBe(first.choices[0]?.message.content);
    expect(second.usage?.prompt_tokens).toBeGreaterThan(first.usage?.prompt_tokens ?? 0);
  });

  it("checks the bearer token when given one", async () => {
    const fetch = createMockFetch({ token: "sk-right" });
    await expect(openai(fetch, { apiKey: "sk-wrong" }).models.list()).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const models = await openai(fetch, { apiKey: "sk-right" }).models.list();
    expect(models.data.length).toBeGreaterThan(0);
  });

  it("plays faults: a status the client retries, then a success", async () => {
    const fetch = createMockFetch();
    const client = openai(fetch, {
      maxRetries: 2,
      defaultHeaders: {
        "x-vlmchat-fault": "status=503; fail-times=1; retry-after-ms=1",
        "x-vlmchat-fault-key": "k",
      },
    });
    const completion = await client.chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: hello,
    });
    expect(completion.choices).toHaveLength(1);
  });

  it("plays a reset as a network error, and a mid-stream cut as a broken body", async () => {
    const fetch = createMockFetch();
    const reset = openai(fetch, { defaultHeaders: { "x-vlmchat-fault": "reset" } });
    await expect(reset.models.list()).rejects.toBeInstanceOf(OpenAI.APIConnectionError);

    const cut = openai(fetch, { defaultHeaders: { "x-vlmchat-fault": "reset-after=2" } });
    const stream = await cut.chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: hello,
      stream: true,
    });
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toThrow();
    expect(seen).toHaveLength(2);
  });
});

describe("createMockFetch as fetch", () => {
  it("answers by the path under the base URL given, on any origin, and its answers pass the spec check", async () => {
    const fetch = createMockFetch({ baseURL: "https://proxy.example/vlm/v1/openai" });
    const health = await fetch("https://proxy.example/vlm/v1/health");
    expect(health.status).toBe(200);
    await specChecked(health, "GET", "/v1/health");
    const request = JSON.stringify({ messages: hello, stream: true });
    const stream = await fetch("http://elsewhere.test/vlm/v1/openai/chat/completions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: request,
    });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(stream.headers.get("x-request-id")).toMatch(/^req_/);
    const text = await specChecked(stream, "POST", "/v1/openai/chat/completions", request);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect((await fetch("https://proxy.example/v1/openai/models")).status).toBe(404);
    expect(() => createMockFetch({ baseURL: "https://proxy.example/api" })).toThrow(
      /ending with \/v1\/openai/,
    );
  });

  it("refuses invalid UTF-8 and an oversize body as the server does", async () => {
    const fetch = createMockFetch({ bodyLimit: 1000 });
    const url = `${baseURL}/chat/completions`;
    const bad = await fetch(url, { method: "POST", body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ detail: "There was an error parsing the body" });
    const big = await fetch(url, { method: "POST", body: "x".repeat(1001) });
    expect(big.status).toBe(413);
  });

  it("follows a 303 to its poll URL, or returns it with redirect: manual", async () => {
    const fetch = createMockFetch();
    const init = {
      method: "POST",
      headers: { "content-type": "application/json", "x-vlmchat-fault": "redirect=0" },
      body: JSON.stringify({ messages: hello }),
    };
    const followed = await fetch(`${baseURL}/chat/completions`, init);
    expect(followed.status).toBe(200);
    expect(followed.redirected).toBe(true);
    expect(followed.url).toMatch(/^https:\/\/agent\.vlm\.run\/v1\/openai\/_vlmchat\/poll\//);
    expect(((await followed.json()) as { object: string }).object).toBe("chat.completion");

    const manual = await fetch(`${baseURL}/chat/completions`, { ...init, redirect: "manual" });
    expect(manual.status).toBe(303);
    expect(manual.headers.get("location")).toMatch(
      /^https:\/\/agent\.vlm\.run\/v1\/openai\/_vlmchat\/poll\//,
    );
  });

  it("honours the AbortSignal: an aborted stream ends its body with an AbortError", async () => {
    const fetch = createMockFetch({ latencyMs: 20 });
    const controller = new AbortController();
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: hello, stream: true }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
  });

  it("honours the AbortSignal during a stall and a delay, and before the request", async () => {
    const fetch = createMockFetch();
    const url = `${baseURL}/chat/completions`;
    const stalled = new AbortController();
    const response = await fetch(url, {
      method: "POST",
      headers: { "x-vlmchat-fault": "stall-after=1" },
      body: JSON.stringify({ messages: hello, stream: true }),
      signal: stalled.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    setTimeout(() => stalled.abort(), 20);
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });

    const delayed = new AbortController();
    setTimeout(() => delayed.abort(), 20);
    await expect(
      fetch(`${baseURL}/models`, { headers: { "x-vlmchat-fault": "delay=60000" }, signal: delayed.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });

    await expect(fetch(`${baseURL}/models`, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});

describe("createMockFetch: artifacts, and no file storage", () => {
  const origin = "https://agent.vlm.run";

  it("makes image-gen artifacts and serves them as PNG, as the server does", async () => {
    const fetch = createMockFetch();
    const completion = await openai(fetch).chat.completions.create({
      model: "vlmrun-orion-1:auto",
      messages: [{ role: "user", content: "Draw a checkerboard." }],
      // @ts-expect-error: VLM Run's own request fields
      toolsets: ["image-gen"],
    });
    const session = (completion as unknown as { session_id: string }).session_id;
    const text = completion.choices[0]?.message.content ?? "";
    const objectId = /img_\w{6}/.exec(text)?.[0] as string;
    expect(objectId).toBeDefined();
    const listPath = `/v1/artifacts/list?session_id=${session}`;
    const list = await fetch(`${origin}${listPath}`);
    expect(JSON.parse(await specChecked(list, "GET", listPath))).toEqual({
      namespace_id: session,
      items: [{ object_id: objectId, filename: `${objectId}.png`, source: "image-gen" }],
    });
    const image = await fetch(`${origin}/v1/artifacts?session_id=${session}&object_id=${objectId}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("answers the files operations with a 501 naming the server, and a file_id in a turn with a 404", async () => {
    const fetch = createMockFetch();
    const form = new FormData();
    form.append("file", new Blob(["hello"]), "hello.txt");
    const expected = {
      detail: "Files are served by startMockServer / the CLI only, not by the port-less mock",
    };
    for (const [method, path, body] of [
      ["POST", "/v1/files", form],
      ["GET", "/v1/files", undefined],
      ["GET", "/v1/files/file-abc", undefined],
      ["POST", "/v1/files/presigned-url", JSON.stringify({ filename: "a.pdf" })],
      ["GET", `/v1/files/hash/${"0".repeat(32)}`, undefined],
    ] as const) {
      const response = await fetch(`${origin}${path}`, { method, body });
      expect(response.status, `${method} ${path}`).toBe(501);
      expect(await response.json()).toEqual(expected);
    }
    const turn = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({
        messages: [{ role: "user", content: [{ type: "input_file", file_id: "file-abc" }] }],
      }),
    });
    expect(turn.status).toBe(404);
    expect(await turn.json()).toEqual({ detail: "File file-abc not found" });
  });
});
