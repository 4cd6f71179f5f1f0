import { describe, expectTypeOf, it } from "vitest";
import type {
  AssistantMessage,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ContentPart,
  HTTPValidationError,
  ImageUrlPart,
  Message,
  ResponseFormat,
  ResponseFormatJsonSchema,
  ToolMessage,
  VideoUrlPart,
} from "../src/index";

describe("discriminated unions narrow by their tag", () => {
  it("Message narrows on role", () => {
    const check = (message: Message) => {
      if (message.role === "tool") expectTypeOf(message).toEqualTypeOf<ToolMessage>();
      if (message.role === "assistant") expectTypeOf(message).toEqualTypeOf<AssistantMessage>();
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf<Message["role"]>().toEqualTypeOf<"system" | "developer" | "user" | "assistant" | "tool">();
  });

  it("ContentPart narrows on type", () => {
    const check = (part: ContentPart) => {
      if (part.type === "image_url") {
        expectTypeOf(part).toEqualTypeOf<ImageUrlPart>();
        expectTypeOf(part.image_url.url).toEqualTypeOf<string>();
      }
      if (part.type === "video_url") expectTypeOf(part).toEqualTypeOf<VideoUrlPart>();
    };
    expectTypeOf(check).toBeFunction();
    expectTypeOf<ContentPart["type"]>().toEqualTypeOf<
      "text" | "image_url" | "video_url" | "audio_url" | "file_url" | "input_file" | "input_audio" | "file"
    >();
  });

  it("ResponseFormat narrows on type", () => {
    const check = (format: ResponseFormat) => {
      if (format.type === "json_schema") expectTypeOf(format).toEqualTypeOf<ResponseFormatJsonSchema>();
    };
    expectTypeOf(check).toBeFunction();
  });
});

describe("the shapes users touch", () => {
  it("a request needs only messages, and optional fields stay optional", () => {
    expectTypeOf<{ messages: [{ role: "user"; content: "hi" }] }>().toExtend<ChatCompletionRequest>();
    expectTypeOf<{ model: "vlmrun-orion-1:auto" }>().not.toExtend<ChatCompletionRequest>();
    expectTypeOf<{ messages: []; model: "gpt-4o" }>().not.toExtend<ChatCompletionRequest>();
  });

  it("answers carry session_id and choices", () => {
    expectTypeOf<ChatCompletion["session_id"]>().toEqualTypeOf<string>();
    expectTypeOf<ChatCompletion["object"]>().toEqualTypeOf<"chat.completion">();
    expectTypeOf<ChatCompletionChunk["object"]>().toEqualTypeOf<"chat.completion.chunk">();
  });

  it("the 422 body is the seed's", () => {
    expectTypeOf<HTTPValidationError["detail"][number]["msg"]>().toEqualTypeOf<string>();
    expectTypeOf<HTTPValidationError["detail"][number]["loc"]>().toEqualTypeOf<(string | number)[]>();
  });
});
