import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ChatCompletionRequest } from "@vlmchat/types";
import { describe, expect, it } from "vitest";
import { upload, withUploadedFiles } from "../helpers/files";
import { media } from "../helpers/fixtures";
import { useMockServer } from "../helpers/server";

/** The documented requests of the validation package's corpus (transcribed from VLM Run's docs and SDKs). */
const fixtures = fileURLToPath(
  new URL("../../../validation/test/fixtures/ChatCompletionRequest/valid/", import.meta.url),
);
const documented = readdirSync(fixtures)
  .filter((name) => name.startsWith("documented-"))
  .sort()
  .map((name) => {
    const fixture = JSON.parse(readFileSync(`${fixtures}${name}`, "utf8")) as {
      value: ChatCompletionRequest;
    };
    return { name, request: fixture.value };
  });

const unknownModel = JSON.parse(
  readFileSync(new URL("../fixtures/unknown-model-422.json", import.meta.url), "utf8"),
) as { request: unknown; status: number; body: unknown };

describe("the documented requests", () => {
  const mock = useMockServer();

  it("are there", () => {
    expect(documented.length).toBeGreaterThanOrEqual(10);
  });

  it.each(documented.map((d) => [d.name, d.request]))("%s is answered 200", async (_, request) => {
    // A documented file id names a file on VLM Run's servers: the same request names one uploaded here.
    const response = await mock.api.chat((await withUploadedFiles(mock.api, request)).request);
    expect(response.status, response.body).toBe(200);
    if (request.stream) expect(response.events.at(-1)).toBe("[DONE]");
    else expect((response.json as { object: string }).object).toBe("chat.completion");
  });

  it("reads a flat input_file part by its file_id", async () => {
    const file = await upload(mock.api, media("tiny.pdf"), "paper.pdf");
    const completion = await mock.api.complete({
      messages: [{ role: "user", content: [{ type: "input_file", file_id: file.id }] }],
    });
    expect(completion.choices[0]?.message.content).toContain(`file id ${file.id}`);
  });

  it("answers 404 for a file_id that names no uploaded file", async () => {
    const response = await mock.api.chat({
      messages: [{ role: "user", content: [{ type: "input_file", file_id: "file_abc123" }] }],
    });
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ detail: "File file_abc123 not found" });
  });
});

describe("a model id the mock does not serve", () => {
  const mock = useMockServer();

  it("gets the mock's own 422, naming the models it serves", async () => {
    const response = await mock.api.chat(unknownModel.request);
    expect(response.status).toBe(unknownModel.status);
    expect(response.json).toEqual(unknownModel.body);
  });

  it("is the same 422 when streamed", async () => {
    const response = await mock.api.chat({ ...(unknownModel.request as object), stream: true });
    expect(response.status).toBe(422);
    expect(response.json).toEqual(unknownModel.body);
  });
});
