/**
 * `@vlmchat/validation/files`: validators of what the files and artifacts operations answer
 * (precompiled; no zod, no ajv compiler). On failure, `detail` has the 422 shape with `loc` starting at
 * "response".
 */
import type { ArtifactList, FileList, FileResponse, PresignedUrlResponse } from "@vlmchat/types";
import type { ValidationResult } from "./detail";
import * as generated from "./generated/ajv/files.js";
import { RESPONSE, runValidator } from "./validator";

export type { LocRoot, ValidationDetail, ValidationIssue, ValidationResult } from "./detail";
export { ResponseValidationError } from "./errors";

/** An uploaded file (`POST /v1/files`, `GET`/`DELETE /v1/files/{file_id}`, hash lookup, verify-upload). */
export function validateFileResponse(value: unknown): ValidationResult<FileResponse> {
  return runValidator(generated.FileResponse, value, RESPONSE);
}

/** The answer of `GET /v1/files`: a bare array of files. */
export function validateFileList(value: unknown): ValidationResult<FileList> {
  return runValidator(generated.FileList, value, RESPONSE);
}

/** The answer of `POST /v1/files/presigned-url`. */
export function validatePresignedUrlResponse(value: unknown): ValidationResult<PresignedUrlResponse> {
  return runValidator(generated.PresignedUrlResponse, value, RESPONSE);
}

/** The answer of `GET /v1/artifacts/list`. */
export function validateArtifactList(value: unknown): ValidationResult<ArtifactList> {
  return runValidator(generated.ArtifactList, value, RESPONSE);
}
