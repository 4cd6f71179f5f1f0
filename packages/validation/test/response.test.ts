import * as files from "@vlmchat/validation/files";
import * as response from "@vlmchat/validation/response";
import { describe, expect, it } from "vitest";
import { specExamples } from "./spec";

const validators: Record<string, (value: unknown) => response.ValidationResult<unknown>> = {
  ChatCompletion: response.validateChatCompletion,
  ChatCompletionStreamEvent: response.validateStreamEvent,
  ModelList: response.validateModelList,
  Model: response.validateModel,
  HealthStatus: response.validateHealthStatus,
  HTTPValidationError: response.validateHTTPValidationError,
  ErrorDetail: response.validateErrorDetail,
  FileResponse: files.validateFileResponse,
  FileList: files.validateFileList,
  PresignedUrlResponse: files.validatePresignedUrlResponse,
  ArtifactList: files.validateArtifactList,
};

const examples = specExamples().filter((e) => e.where !== "request");

describe("response validators", () => {
  it.each(examples.map((e) => [`${e.schema} ${e.name}`, e]))("accept the spec's example %s", (_, example) => {
    const validate = validators[example.schema];
    expect(validate, `no validator for ${example.schema}`).toBeDefined();
    expect(validate!(example.value)).toEqual({ ok: true, value: example.value });
  });

  it("report a stream event by the kind it claims to be", () => {
    expect(response.validateStreamEvent({ error: { message: "boom" } })).toEqual({
      ok: false,
      detail: [
        {
          loc: ["response", "error", "type"],
          msg: "Field required",
          type: "missing",
          input: { message: "boom" },
        },
        {
          loc: ["response", "error", "code"],
          msg: "Field required",
          type: "missing",
          input: { message: "boom" },
        },
      ],
    });
    expect(response.validateStreamEvent({ id: "x", object: "chat.completion.chunk" })).toMatchObject({
      ok: false,
      detail: [
        { loc: ["response", "created"], type: "missing" },
        { loc: ["response", "model"], type: "missing" },
        { loc: ["response", "choices"], type: "missing" },
      ],
    });
  });
});
