import * as validation from "@vlmchat/validation";
import { isChatCompletionRequest } from "@vlmchat/validation/request-guard";
import * as zodSchemas from "@vlmchat/validation/zod";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { specSchemas, specSchemasId } from "../src/generated/ajv/spec-schemas";

/**
 * The spec's schemas exactly as the spec states them (not rewritten for the precompiled validators),
 * compiled by ajv at run time: the reference the precompiled validators must agree with.
 */
const ajv = new Ajv2020({ strict: true, discriminator: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema(structuredClone(specSchemas) as object);

export function runtimeValidator(schema: string): ValidateFunction {
  const validate = ajv.getSchema(`${specSchemasId}#/$defs/${schema}`);
  if (!validate) throw new Error(`no schema ${schema}`);
  return validate;
}

export function zodSchema(schema: string): { safeParse(value: unknown): { success: boolean } } {
  const found = (zodSchemas as Record<string, unknown>)[`${schema}Schema`];
  if (!found) throw new Error(`no zod schema ${schema}Schema`);
  return found as { safeParse(value: unknown): { success: boolean } };
}

/** The precompiled (standalone) validator behind each schema, in its lax form. */
const standalone: Record<string, (value: unknown) => { ok: boolean }> = {
  ChatCompletionRequest: (v) => validation.validateChatCompletionRequest(v),
  ChatCompletion: validation.validateChatCompletion,
  ChatCompletionChunk: validation.validateChatCompletionChunk,
  ChatCompletionStreamEvent: validation.validateStreamEvent,
  ModelList: validation.validateModelList,
  Model: validation.validateModel,
  HealthStatus: validation.validateHealthStatus,
  HTTPValidationError: validation.validateHTTPValidationError,
  ErrorDetail: validation.validateErrorDetail,
  FileResponse: validation.validateFileResponse,
  FileList: validation.validateFileList,
  PresignedUrlResponse: validation.validatePresignedUrlResponse,
  ArtifactList: validation.validateArtifactList,
};

/** The validators' verdicts on one value (the request's guard too); each must equal `runtime`. */
export function verdicts(schema: string, value: unknown): Record<string, boolean> {
  const precompiled = standalone[schema];
  if (!precompiled) throw new Error(`no precompiled validator for ${schema}`);
  return {
    standalone: precompiled(value).ok,
    ...(schema === "ChatCompletionRequest" ? { guard: isChatCompletionRequest(value) } : {}),
    runtime: runtimeValidator(schema)(value),
    zod: zodSchema(schema).safeParse(value).success,
  };
}

/** What {@link verdicts} must be: every validator agreeing with the reference. */
export function agreeing(all: Record<string, boolean>): Record<string, boolean> {
  return Object.fromEntries(Object.keys(all).map((name) => [name, all.runtime as boolean]));
}
