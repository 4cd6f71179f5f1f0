import {
  validateArtifactList,
  validateFileList,
  validateFileResponse,
  validatePresignedUrlResponse,
} from "@vlmchat/validation/files";
import {
  validateChatCompletion,
  validateErrorDetail,
  validateHealthStatus,
  validateHTTPValidationError,
  validateModel,
  validateModelList,
  validateOpenAIErrorBody,
} from "@vlmchat/validation/response";
import type { Operation } from "../http/routes";
import { fromDetail, type Violation } from "./violations";

/** The error statuses every files and artifacts operation documents. */
const apiErrors = {
  401: validateErrorDetail,
  422: validateHTTPValidationError,
  429: validateErrorDetail,
  500: validateErrorDetail,
};

type Validator = (
  value: unknown,
) => { ok: true } | { ok: false; detail: { loc: (string | number)[]; msg: string; type: string }[] };

/** The statuses each operation documents, with the body validator of each (`default` covers the rest). */
export const DOCUMENTED_RESPONSES: Record<
  Exclude<Operation, "pollCompletion" | "putPresignedUpload" | "readPublicFile">,
  Record<number, Validator | "no-body" | "bytes">
> = {
  createChatCompletion: {
    200: validateChatCompletion,
    303: "no-body",
    401: validateErrorDetail,
    404: validateErrorDetail,
    413: validateErrorDetail,
    422: validateHTTPValidationError,
    429: validateErrorDetail,
    500: validateErrorDetail,
  },
  listModels: {
    200: validateModelList,
    401: validateErrorDetail,
    429: validateErrorDetail,
    500: validateErrorDetail,
  },
  retrieveModel: {
    200: validateModel,
    401: validateErrorDetail,
    404: validateErrorDetail,
    429: validateErrorDetail,
    500: validateErrorDetail,
  },
  getHealth: { 200: validateHealthStatus, 429: validateErrorDetail, 500: validateErrorDetail },
  uploadFile: {
    201: validateFileResponse,
    401: validateErrorDetail,
    413: validateErrorDetail,
    422: validateHTTPValidationError,
    429: validateErrorDetail,
    500: validateErrorDetail,
  },
  listFiles: { 200: validateFileList, ...apiErrors },
  retrieveFile: { 200: validateFileResponse, 404: validateErrorDetail, ...apiErrors },
  deleteFile: { 200: validateFileResponse, 404: validateErrorDetail, ...apiErrors },
  retrieveFileByHash: { 200: validateFileResponse, 404: validateErrorDetail, ...apiErrors },
  createPresignedUrl: { 200: validatePresignedUrlResponse, ...apiErrors },
  verifyUpload: { 200: validateFileResponse, 404: validateErrorDetail, ...apiErrors },
  getArtifact: { 200: "bytes", 404: validateErrorDetail, ...apiErrors },
  listArtifacts: { 200: validateArtifactList, 404: validateErrorDetail, ...apiErrors },
};

/** The content types `getArtifact` documents for its bytes. */
const ARTIFACT_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "video/mp4",
  "audio/mpeg",
  "application/pdf",
  "application/octet-stream",
  "text/plain",
]);

/**
 * Checks a whole (non-streamed) response against the spec: its status is documented for the operation,
 * and its body is JSON valid against that status's schema. Other error statuses fall under the spec's
 * `default` response: FastAPI's `{detail: string}` or OpenAI's `{error: {message, type}}`.
 */
export function checkResponse(
  operation: Operation,
  status: number,
  headers: { location?: string | undefined; contentType?: string | undefined },
  body: string,
): Violation[] {
  if (
    operation === "pollCompletion" ||
    operation === "putPresignedUpload" ||
    operation === "readPublicFile"
  ) {
    return [];
  }
  const documented = DOCUMENTED_RESPONSES[operation][status];
  if (documented === "bytes") {
    const type = (headers.contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
    return ARTIFACT_TYPES.has(type)
      ? []
      : [
          {
            where: "response",
            msg: `content type ${JSON.stringify(type)} is not documented`,
            type: "content_type",
          },
        ];
  }
  if (documented === "no-body") {
    return headers.location
      ? []
      : [{ where: "response", msg: `${status} without a Location header`, type: "missing" }];
  }
  if (documented === undefined && status < 400) {
    return [
      {
        where: "response",
        msg: `status ${status} is not documented for ${operation}`,
        type: "status_undocumented",
      },
    ];
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [{ where: "response", msg: `the ${status} body is not JSON`, type: "json_invalid" }];
  }
  if (documented !== undefined) {
    const checked = documented(value);
    return checked.ok ? [] : fromDetail("response", checked.detail);
  }
  const asDetail = validateErrorDetail(value);
  if (asDetail.ok || validateOpenAIErrorBody(value).ok) return [];
  return fromDetail("response", asDetail.detail);
}
