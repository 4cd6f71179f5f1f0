/**
 * The request body of `POST /v1/files/presigned-url`, checked as the server checks it. Exported from the
 * main entry only: servers (the mock) need it, clients do not.
 */
import type { PresignedUrlRequest } from "@vlmchat/types";
import type { ValidationResult } from "./detail";
import { PresignedUrlRequest as checkPresignedUrlRequest } from "./generated/ajv/files-request.js";
import { parseJsonBody } from "./json-text";
import { BODY, runValidator } from "./validator";

/** The JSON text of a `POST /v1/files/presigned-url` request → the request, or FastAPI's 422 `detail`. */
export function parsePresignedUrlRequest(jsonText: string): ValidationResult<PresignedUrlRequest> {
  const parsed = parseJsonBody(jsonText);
  if (!parsed.ok) return parsed;
  return runValidator(checkPresignedUrlRequest, parsed.value, BODY);
}
