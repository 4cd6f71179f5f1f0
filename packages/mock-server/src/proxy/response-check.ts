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

type Validator = (
  value: unknown,
) => { ok: true } | { ok: false; detail: { loc: (string | number)[]; msg: string; type: string }[] };

/** The statuses each operation documents, with the body validator of each (`default` covers the rest). */
export const DOCUMENTED_RESPONSES: Record<
  Exclude<Operation, "pollCompletion">,
  Record<number, Validator | "no-body">
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
};

/**
 * Checks a whole (non-streamed) response against the spec: its status is documented for the operation,
 * and its body is JSON valid against that status's schema. Other error statuses fall under the spec's
 * `default` response: FastAPI's `{detail: string}` or OpenAI's `{error: {message, type}}`.
 */
export function checkResponse(
  operation: Operation,
  status: number,
  headers: { location?: string | undefined },
  body: string,
): Violation[] {
  if (operation === "pollCompletion") return [];
  const documented = DOCUMENTED_RESPONSES[operation][status];
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
