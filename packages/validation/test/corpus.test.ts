import * as validation from "@vlmchat/validation";
import { describe, expect, it } from "vitest";
import { corpus, documentedCorpus } from "./corpus";

/** The package's validator for each schema directory of the corpus. */
const validators: Record<
  string,
  (value: unknown, options?: { strict?: boolean }) => validation.ValidationResult<unknown>
> = {
  ChatCompletionRequest: validation.validateChatCompletionRequest,
  ChatCompletion: validation.validateChatCompletion,
  ChatCompletionChunk: validation.validateChatCompletionChunk,
  ChatCompletionStreamEvent: validation.validateStreamEvent,
  ModelList: validation.validateModelList,
  Model: validation.validateModel,
  HealthStatus: validation.validateHealthStatus,
  HTTPValidationError: validation.validateHTTPValidationError,
  ErrorDetail: validation.validateErrorDetail,
};

const cases = corpus();

describe("the corpus", () => {
  it("is big enough and covers every content part and response_format spelling", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const requests = JSON.stringify(
      cases.filter((c) => c.schema === "ChatCompletionRequest").map((c) => c.value),
    );
    for (const part of [
      "text",
      "image_url",
      "video_url",
      "audio_url",
      "file_url",
      "input_file",
      "input_audio",
      "file",
    ]) {
      expect(requests).toContain(`{"type":"${part}"`);
    }
    for (const spelling of [
      '"response_format":{"type":"text"}',
      '"response_format":{"type":"json_object"}',
      '"response_format":{"type":"json_object","schema"',
      '"response_format":{"type":"json_schema","schema"',
      '"response_format":{"type":"json_schema","json_schema":{"type"',
      '"response_format":{"type":"json_schema","json_schema":{"name"',
    ]) {
      expect(requests).toContain(spelling);
    }
  });

  it("has documented payloads, each with its source, covering the shapes VLM Run documents", () => {
    const documented = documentedCorpus();
    expect(documented.length).toBeGreaterThanOrEqual(15);
    for (const c of documented)
      expect(c.source, c.id).toMatch(/docs\.vlm\.run|vlmrun-(node|python)-sdk|api-facts/);
    const requests = JSON.stringify(documentedCorpus("ChatCompletionRequest").map((c) => c.value));
    for (const shape of [
      '{"type":"input_file","file_id"',
      '{"type":"input_file","file_url":{"url"',
      '{"skill_name":"invoice-extraction"}',
      '{"type":"skill_reference","skill_name"',
      '{"type":"inline","name"',
      '"world_gen"',
      '"model":"vlmrun-orion-2"',
    ])
      expect(requests).toContain(shape);
  });

  it.each(cases.map((c) => [c.id, c]))("%s", (_, c) => {
    const validate = validators[c.schema];
    expect(validate, `no validator for ${c.schema}`).toBeDefined();
    const result = validate!(c.value, c.options);
    if (c.valid) expect(result).toEqual({ ok: true, value: c.value });
    else expect(result).toEqual({ ok: false, detail: c.detail });
  });
});
