/**
 * The shape of the `validate` option. The validators themselves live in `@vlmchat/validation` and come
 * in through imports the user writes, so a bundle that does not validate carries none of them:
 *
 * ```ts
 * import { requestValidator } from "@vlmchat/validation/request";
 * import { responseValidator } from "@vlmchat/validation/response";
 * new VlmChat({ validate: { request: requestValidator, response: responseValidator } });
 * ```
 */

/** The answers the client checks, by their schema's name. */
export type ResponseSchemaName =
  | "ChatCompletion"
  | "ChatCompletionChunk"
  | "ModelList"
  | "Model"
  | "HealthStatus"
  | "FileResponse"
  | "FileList"
  | "PresignedUrlResponse"
  | "ArtifactList";

/** Throws (a `RequestValidationError`, by convention) when the API would refuse `body`. */
export type RequestValidator = (body: unknown) => void;

/** Throws (a `ResponseValidationError`, by convention) when `value` is not a valid `schema`. */
export type ResponseValidator = (schema: ResponseSchemaName, value: unknown) => void;

export interface ValidateOption {
  /** Checks each request before it is sent: a bad one costs no round trip. */
  request?: RequestValidator | undefined;
  /** Checks each JSON answer and stream chunk. */
  response?: ResponseValidator | undefined;
}
