import { describe, expectTypeOf, it } from "vitest";
import type {
  AgentSkill,
  ArtifactRef,
  AssistantMessage,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ContentPart,
  FileList,
  FileResponse,
  HTTPValidationError,
  ImageRef,
  ImageUrlPart,
  InlineSkill,
  InputFilePart,
  KnownModel,
  Message,
  ModelId,
  paths,
  ResponseFormat,
  ResponseFormatJsonSchema,
  SkillReference,
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
  });

  it("answers carry choices, and session_id when the server sends it", () => {
    expectTypeOf<ChatCompletion["session_id"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ChatCompletionChunk["session_id"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ChatCompletion["object"]>().toEqualTypeOf<"chat.completion">();
    expectTypeOf<ChatCompletionChunk["object"]>().toEqualTypeOf<"chat.completion.chunk">();
  });

  it("the 422 body is the seed's", () => {
    expectTypeOf<HTTPValidationError["detail"][number]["msg"]>().toEqualTypeOf<string>();
    expectTypeOf<HTTPValidationError["detail"][number]["loc"]>().toEqualTypeOf<(string | number)[]>();
  });
});

describe("model ids are open, with the known ones as suggestions", () => {
  it("takes any string, a known id or not", () => {
    const request: ChatCompletionRequest = {
      model: "vlmrun-orion-3",
      messages: [{ role: "user", content: "hi" }],
    };
    expectTypeOf(request).toExtend<ChatCompletionRequest>();
    expectTypeOf<"vlmrun-orion-1:auto">().toExtend<ModelId>();
    expectTypeOf<"gpt-4o">().toExtend<ModelId>();
    expectTypeOf<string>().toExtend<ModelId>();
    expectTypeOf<number>().not.toExtend<ModelId>();
  });

  it("is not widened to string: the known ids stay visible to editors", () => {
    expectTypeOf<ModelId>().not.toEqualTypeOf<string>();
    expectTypeOf<ModelId>().toEqualTypeOf<KnownModel | (string & {})>();
    expectTypeOf<Extract<ModelId, "vlmrun-orion-2:pro">>().toEqualTypeOf<"vlmrun-orion-2:pro">();
    expectTypeOf<KnownModel>().toEqualTypeOf<
      | "vlmrun-orion-1"
      | "vlmrun-orion-1:auto"
      | "vlmrun-orion-1:fast"
      | "vlmrun-orion-1:pro"
      | "vlmrun-orion-1:lite"
      | "vlmrun-orion-2"
      | "vlmrun-orion-2:fast"
      | "vlmrun-orion-2:auto"
      | "vlmrun-orion-2:pro"
    >();
  });
});

describe("the documented request shapes", () => {
  it("input_file is flat: file_id, or file_url {url}", () => {
    expectTypeOf<{ type: "input_file"; file_id: "file_1" }>().toExtend<InputFilePart>();
    expectTypeOf<{
      type: "input_file";
      file_url: { url: "https://e.com/a.pdf" };
    }>().toExtend<InputFilePart>();
    expectTypeOf<{ type: "input_file" }>().not.toExtend<InputFilePart>();
  });

  it("skills are AgentSkill: a reference (by id or name) or an inline bundle, told apart by type", () => {
    expectTypeOf<{ skill_name: "invoice-extraction" }>().toExtend<AgentSkill>();
    expectTypeOf<{
      type: "skill_reference";
      skill_id: "s";
      skill_version: "latest";
    }>().toExtend<AgentSkill>();
    expectTypeOf<{ type: "inline"; name: "n"; source: { data: "UEsDBA==" } }>().toExtend<AgentSkill>();
    expectTypeOf<{ type: "inline"; name: "n" }>().not.toExtend<AgentSkill>();
    const check = (skill: AgentSkill) => {
      if (skill.type === "inline") expectTypeOf(skill).toEqualTypeOf<InlineSkill>();
      else expectTypeOf(skill).toEqualTypeOf<SkillReference>();
    };
    expectTypeOf(check).toBeFunction();
  });
});

describe("files and artifacts", () => {
  it("a file list is a bare array of files, and an uploaded file's id goes into input_file", () => {
    expectTypeOf<FileList>().toEqualTypeOf<FileResponse[]>();
    expectTypeOf<FileResponse["bytes"]>().toEqualTypeOf<number>();
    expectTypeOf<{
      type: "input_file";
      file_id: NonNullable<FileResponse["id"]>;
    }>().toExtend<InputFilePart>();
  });

  it("artifact refs are {id} objects, one type per kind", () => {
    expectTypeOf<ImageRef>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<ArtifactRef>().toExtend<{ id: string }>();
    expectTypeOf<paths["/v1/artifacts"]["get"]["parameters"]["query"]>().toExtend<
      { session_id?: string; object_id?: string } | undefined
    >();
    expectTypeOf<
      paths["/v1/files"]["post"]["responses"][201]["content"]["application/json"]
    >().toEqualTypeOf<FileResponse>();
  });
});
