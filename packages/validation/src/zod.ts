/**
 * `@vlmchat/validation/zod`: zod v4 schemas of the API, one per component schema of the spec
 * (`ChatCompletionRequestSchema`, `ChatCompletionSchema`, `ContentPartSchema`, …), generated from
 * openapi/openapi.yaml. Each one's `z.output` is the `@vlmchat/types` type of the same name. Objects keep
 * unknown keys (`z.looseObject`), as the API allows them.
 */
export * from "./generated/zod/schemas";
