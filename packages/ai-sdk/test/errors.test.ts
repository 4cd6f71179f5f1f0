import { RequestValidationError } from "@vlmchat/client";
import { requestValidator } from "@vlmchat/validation/request";
import { APICallError, generateText, RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { fault, useMockServer } from "./helpers/mock";
import { recordingFetch } from "./helpers/record";

const mock = useMockServer();

describe("errors and retries", () => {
  it("a 422 surfaces as the SDK's APICallError, not retryable, with the API's detail", async () => {
    const call = generateText({
      model: mock.provider()("vlmrun-orion-1:auto"),
      prompt: "Hello there",
      temperature: 5,
    });
    const error = await call.catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(422);
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.message).toContain("temperature");
    expect(apiError.data).toMatchObject({
      detail: [{ loc: ["body", "temperature"], type: "less_than_equal" }],
    });
    expect(JSON.parse(apiError.responseBody ?? "")).toEqual(apiError.data);
    expect(apiError.url).toBe(`${mock.baseURL}/chat/completions`);
  });

  it("the SDK retries a 5xx; the provider's client never retries by itself", async () => {
    const once = recordingFetch();
    const model = mock.provider({ fetch: once.fetch })("vlmrun-orion-1:auto");
    const failed = await generateText({
      model,
      prompt: "Hello there",
      maxRetries: 0,
      headers: fault("status=503; retry-after-ms=10"),
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(failed) && failed.isRetryable).toBe(true);
    expect(once.bodies).toHaveLength(1);

    const retried = recordingFetch();
    const result = await generateText({
      model: mock.provider({ fetch: retried.fetch })("vlmrun-orion-1:auto"),
      prompt: "Hello there",
      maxRetries: 2,
      headers: fault("status=503; retry-after-ms=10; fail-times=1", `retry-${Date.now()}`),
    });
    expect(result.text).toContain("You said");
    expect(retried.bodies).toHaveLength(2);

    const exhausted = await generateText({
      model,
      prompt: "Hello there",
      maxRetries: 1,
      headers: fault("status=500; retry-after-ms=10"),
    }).catch((caught: unknown) => caught);
    expect(RetryError.isInstance(exhausted)).toBe(true);
  });

  it("with the client's validate option, a bad request is refused before sending, with the 422's detail", async () => {
    const recorder = recordingFetch();
    const error = await generateText({
      model: mock.provider({ fetch: recorder.fetch, validate: { request: requestValidator } })(
        "vlmrun-orion-1:auto",
      ),
      prompt: "Hello there",
      temperature: 5,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).detail[0]?.loc).toEqual(["body", "temperature"]);
    expect(recorder.bodies).toHaveLength(0);
  });

  it("an abort rejects with the abort error", async () => {
    const controller = new AbortController();
    const call = generateText({
      model: mock.provider()("vlmrun-orion-1:auto"),
      prompt: "Hello there",
      headers: fault("delay=5000"),
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
  });

  it("a 401 is an APICallError that names no key", async () => {
    const { startMockServer } = await import("@vlmchat/mock-server");
    const server = await startMockServer({ db: ":memory:", token: "right-token" });
    try {
      const error = await generateText({
        model: (await import("../src/index")).createVlmChat({
          baseURL: server.baseURL,
          apiKey: "wrong-token",
        })("vlmrun-orion-1:auto"),
        prompt: "Hello there",
      }).catch((caught: unknown) => caught);
      expect(APICallError.isInstance(error) && error.statusCode).toBe(401);
      expect(JSON.stringify(error)).not.toContain("wrong-token");
    } finally {
      await server.close();
    }
  });
});
