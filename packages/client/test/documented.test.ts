import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ChatCompletionRequest } from "@vlmchat/types";
import { requestValidator } from "@vlmchat/validation/request";
import { describe, expect, it } from "vitest";
import {
  inlineSkill,
  inputFile,
  MediaInputError,
  RequestValidationError,
  skill,
  skillById,
  UnprocessableEntityError,
} from "../src/index";
import { hello, recorder, useMockServer } from "./helpers/mock";

/** The documented requests of the validation package's corpus (transcribed from VLM Run's docs and SDKs). */
const fixtures = fileURLToPath(
  new URL("../../validation/test/fixtures/ChatCompletionRequest/valid/", import.meta.url),
);
const documented = readdirSync(fixtures)
  .filter((name) => name.startsWith("documented-"))
  .sort()
  .map((name) => {
    const { value } = JSON.parse(readFileSync(`${fixtures}${name}`, "utf8")) as {
      value: ChatCompletionRequest;
    };
    return [name, value] as const;
  });

const mock = useMockServer();

/** Uploads a small text file to the mock (`POST /v1/files`, as `curl -F` does) and returns its id. */
async function uploadToMock(filename: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob(["some notes"]), filename);
  const response = await fetch(`${mock.url}/v1/files`, { method: "POST", body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * A documented `file_id` names a file on VLM Run's servers, which the mock answers with a 404: it is
 * swapped for a file uploaded to the mock.
 */
async function withUploadedFiles(request: ChatCompletionRequest): Promise<ChatCompletionRequest> {
  const copy = structuredClone(request);
  for (const message of copy.messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part.type === "input_file" && part.file_id !== undefined)
        part.file_id = await uploadToMock("doc.txt");
    }
  }
  return copy;
}

describe("the documented requests, with the client's request validation on", () => {
  it("are there", () => expect(documented.length).toBeGreaterThanOrEqual(10));

  it.each(documented)("%s is sent and answered", async (_, documentedRequest) => {
    const request = await withUploadedFiles(documentedRequest);
    const client = mock.client({ validate: { request: requestValidator } });
    if (request.stream) {
      const stream = await client.chat.completions.create({ ...request, stream: true });
      expect((await stream.finalCompletion()).object).toBe("chat.completion");
    } else {
      const completion = await client.chat.completions.create({ ...request, stream: false });
      expect(completion.object).toBe("chat.completion");
    }
  });
});

describe("model ids are open", () => {
  it("an id the spec does not list passes request validation and gets the server's own 422", async () => {
    const { middleware, requests } = recorder();
    const client = mock.client({ validate: { request: requestValidator } }).use(middleware);
    const error = await client.chat.completions
      .create({ messages: hello, model: "vlmrun-orion-3" })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RequestValidationError);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect((error as UnprocessableEntityError).detail).toEqual([
      expect.objectContaining({ loc: ["body", "model"], type: "literal_error", input: "vlmrun-orion-3" }),
    ]);
    expect(requests).toHaveLength(1);
  });
});

describe("the helpers write the documented shapes", () => {
  it("inputFile() makes the flat input_file part from an id or an uploaded file", () => {
    expect(inputFile("file_abc123")).toEqual({ type: "input_file", file_id: "file_abc123" });
    expect(inputFile({ id: "3b9f7c2e" })).toEqual({ type: "input_file", file_id: "3b9f7c2e" });
    expect(() => inputFile("")).toThrow(MediaInputError);
    expect(() => inputFile({} as { id: string })).toThrow(/uploaded file's id/);
  });

  it("skill() and skillById() make references; inlineSkill() makes an inline bundle from bytes or base64", () => {
    expect(skill("invoice-extraction")).toEqual({
      type: "skill_reference",
      skill_name: "invoice-extraction",
    });
    expect(skillById("abc-123", { version: "20260219-abc123" })).toEqual({
      type: "skill_reference",
      skill_id: "abc-123",
      skill_version: "20260219-abc123",
    });
    const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    expect(inlineSkill({ name: "empty", description: "an empty zip", zip })).toEqual({
      type: "inline",
      name: "empty",
      description: "an empty zip",
      source: { type: "base64", media_type: "application/zip", data: Buffer.from(zip).toString("base64") },
    });
    expect(inlineSkill({ name: "n", zip: "UEsFBg==" }).source?.data).toBe("UEsFBg==");
    expect(() => inlineSkill({ name: "", zip })).toThrow(/name/);
    expect(() => skill("")).toThrow(MediaInputError);
  });

  it("what they make passes request validation and the server answers it", async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    const fileId = await uploadToMock("notes.txt");
    const completion = await mock
      .client({ validate: { request: requestValidator } })
      .chat.completions.create({
        messages: [{ role: "user", content: [{ type: "text", text: "Read this." }, inputFile(fileId)] }],
        skills: [skill("invoice-extraction"), skillById("abc-123"), inlineSkill({ name: "empty", zip })],
      });
    expect(completion.choices[0]?.message.content).toContain(`file id ${fileId}`);
  });
});
