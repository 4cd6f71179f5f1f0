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
      "1 validation error in the request\n  body.temperature: Input should be less than or equal to 2 [type=less_than_equal]",
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
    expect(() => assertChatCompletionRequest(value, { strict: true })).toThrow(/extra_forbidden/);
  });

  it("response asserts throw ResponseValidationError, and the message lists at most five problems", () => {
    // Five required fields missing and a session_id of the wrong type: six problems.
    expect(() => assertChatCompletion({ session_id: 1 })).toThrow(ResponseValidationError);
    try {
      assertChatCompletion({ session_id: 1 });
    } catch (error) {
      const lines = (error as Error).message.split("\n");
      expect(lines[0]).toBe("6 validation errors in the response");
      expect(lines.at(-1)).toBe("  … and 1 more");
    }
  });
});
