import {
  assertChatCompletion,
  assertChatCompletionRequest,
  RequestValidationError,
  ResponseValidationError,
} from "@vlmchat/validation";
import { describe, expect, it } from "vitest";

describe("assert… and the errors they throw", () => {
  it("assertChatCompletionRequest throws the 422 the API would send", () => {
    let thrown: unknown;
    try {
      assertChatCompletionRequest({ messages: [{ role: "user", content: "Hi" }], temperature: 9 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RequestValidationError);
    expect(thrown).toBeInstanceOf(Error);
    const error = thrown as RequestValidationError;
    expect(error.name).toBe("RequestValidationError");
    expect(error.message).toBe(
      "1 validation error in the request: temperature: Input should be less than or equal to 2",
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      detail: [
        {
          loc: ["body", "temperature"],
          msg: "Input should be less than or equal to 2",
          type: "less_than_equal",
          input: 9,
          ctx: { le: 2 },
        },
      ],
    });
  });

  it("assertChatCompletionRequest narrows a valid value and honours strict", () => {
    const value: unknown = { messages: [{ role: "user", content: "Hi" }], temprature: 1 };
    assertChatCompletionRequest(value);
    expect(value.messages).toHaveLength(1);
    expect(() => assertChatCompletionRequest(value, { strict: true })).toThrow(
      expect.objectContaining({ detail: [expect.objectContaining({ type: "extra_forbidden" })] }),
    );
  });

  it("response asserts throw ResponseValidationError, and the message lists at most three problems", () => {
    // Five required fields missing and a session_id of the wrong type: six problems.
    expect(() => assertChatCompletion({ session_id: 1 })).toThrow(ResponseValidationError);
    try {
      assertChatCompletion({ session_id: 1 });
    } catch (error) {
      const message = (error as Error).message;
      expect(message.startsWith("6 validation errors in the response: ")).toBe(true);
      expect(message.endsWith("; … and 3 more")).toBe(true);
    }
  });
});

describe("@vlmchat/validation/errors", () => {
  it("is one family: the validation errors are VlmChatErrors, the same classes from every entry", async () => {
    const errors = await import("@vlmchat/validation/errors");
    const request = await import("@vlmchat/validation/request");
    const response = await import("@vlmchat/validation/response");
    expect(request.RequestValidationError).toBe(errors.RequestValidationError);
    expect(response.ResponseValidationError).toBe(errors.ResponseValidationError);
    expect(RequestValidationError).toBe(errors.RequestValidationError);
    expect(new errors.RequestValidationError([])).toBeInstanceOf(errors.VlmChatError);
  });

  it("formatDetail writes one line per problem, for every detail form a server sends", async () => {
    const { formatDetail } = await import("@vlmchat/validation/errors");
    expect(
      formatDetail([
        { loc: ["body", "messages", 0, "role"], msg: "Input should be 'user'", type: "literal_error" },
        { loc: ["response", "a-b"], msg: "bad", type: "x" },
        { loc: ["body"], msg: "Field required", type: "missing" },
      ]),
    ).toEqual(["messages[0].role: Input should be 'user'", '["a-b"]: bad', "(request body): Field required"]);
    expect(formatDetail("Not Found")).toEqual(["Not Found"]);
    expect(formatDetail({ reason: "quota" })).toEqual(['{"reason":"quota"}']);
    expect(formatDetail(undefined)).toEqual([]);
  });

  it("the errors entry imports neither ajv nor zod", async () => {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(new URL("../src/errors.ts", import.meta.url), "utf8");
    expect(text).not.toMatch(/from "(ajv|zod)/);
    expect([...text.matchAll(/from "([^"]+)"/g)].map((m) => m[1])).toEqual(["./detail", "./detail"]);
  });
});
