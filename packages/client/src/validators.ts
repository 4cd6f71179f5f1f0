import type { ChatCompletionChunk } from "@vlmchat/types";
import { RequestValidationError, ResponseValidationError } from "./errors";

/** `"request"`, `"response"`, both (`true`) or neither (`false`). */
export type ValidateOption = boolean | "request" | "response";

type ResponseModule = typeof import("@vlmchat/validation/response");
/** The response validators the client uses, by name. */
export type ResponseValidatorName =
  | "validateChatCompletion"
  | "validateModelList"
  | "validateModel"
  | "validateHealthStatus";

export interface ResponseChecks {
  response(name: ResponseValidatorName): ((value: unknown) => Promise<void>) | undefined;
}

/**
 * The `validate` option. The precompiled validators are loaded with a dynamic `import()` the first time
 * they are needed, so a bundle that never validates carries none of them. (Nothing of
 * `@vlmchat/validation` is imported statically: a bundler would then load its chunks up front.)
 */
export class Validators implements ResponseChecks {
  readonly requests: boolean;
  readonly responses: boolean;
  #responseModule: Promise<ResponseModule> | undefined;

  constructor(option: ValidateOption) {
    this.requests = option === true || option === "request";
    this.responses = option === true || option === "response";
  }

  /** Throws `RequestValidationError` (`.detail` as the server's 422 would hold it) when `body` is invalid. */
  async checkRequest(body: unknown): Promise<void> {
    if (!this.requests) return;
    const { validateChatCompletionRequest } = await import("@vlmchat/validation/request");
    const result = validateChatCompletionRequest(body);
    if (!result.ok) throw new RequestValidationError(result.detail);
  }

  /** A check of parsed answers with the named validator, or `undefined` when answers are not validated. */
  response(name: ResponseValidatorName): ((value: unknown) => Promise<void>) | undefined {
    if (!this.responses) return undefined;
    return async (value) => {
      const result = (await this.#loadResponse())[name](value);
      if (!result.ok) throw new ResponseValidationError(result.detail);
    };
  }

  /** A synchronous check of stream events (loaded first), or `undefined` when answers are not validated. */
  async chunkCheck(): Promise<((chunk: ChatCompletionChunk) => void) | undefined> {
    if (!this.responses) return undefined;
    const { validateChatCompletionChunk } = await this.#loadResponse();
    return (chunk) => {
      const result = validateChatCompletionChunk(chunk);
      if (!result.ok) throw new ResponseValidationError(result.detail);
    };
  }

  #loadResponse(): Promise<ResponseModule> {
    this.#responseModule ??= import("@vlmchat/validation/response");
    return this.#responseModule;
  }
}
