import type { HTTPValidationError } from "@vlmchat/types";

/** The `detail` of the API's 422 answer: one entry per problem, in FastAPI/Pydantic's shape. */
export type ValidationDetail = HTTPValidationError["detail"];

/** One problem: where (`loc`), what for a person (`msg`), what for a program (`type`, a Pydantic code). */
export type ValidationIssue = ValidationDetail[number];

/** A validator's answer: the value (typed), or the problems with it. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; detail: ValidationDetail };

/** Where a validated value sits: `body` for a request (as FastAPI says), `response` for an answer. */
export type LocRoot = "body" | "response";
