import { describe, expect, it } from "vitest";
import { parseChatArgs } from "../src/cli/chat-args";
import { DemoError } from "../src/errors";

describe("parseChatArgs", () => {
  it("keeps every input in the order given, of every kind", () => {
    const args = parseChatArgs([
      "What is",
      "here?",
      "--image",
      "a.png",
      "--file",
      "doc.pdf",
      "--image",
      "b.jpg",
      "--video",
      "v.mp4",
      "--audio",
      "a.mp3",
    ]);
    expect(args.prompt).toBe("What is here?");
    expect(args.inputs).toEqual([
      { kind: "image", path: "a.png" },
      { kind: "file", path: "doc.pdf" },
      { kind: "image", path: "b.jpg" },
      { kind: "video", path: "v.mp4" },
      { kind: "audio", path: "a.mp3" },
    ]);
    expect(args.stream).toBe(true);
    expect(args.model).toBe("vlmrun-orion-1:fast");
  });

  it("reads --no-stream, --session, --schema, --model and --base-url", () => {
    const args = parseChatArgs([
      "hi",
      "--no-stream",
      "--session",
      "abc",
      "--schema",
      "s.json",
      "--model",
      "vlmrun-orion-1:pro",
      "--base-url",
      "http://x/v1/openai",
    ]);
    expect(args).toMatchObject({
      stream: false,
      sessionId: "abc",
      schemaPath: "s.json",
      model: "vlmrun-orion-1:pro",
      baseURL: "http://x/v1/openai",
    });
  });

  it.each([
    { given: [], error: /chat needs a prompt/ },
    { given: ["hi", "--imgae", "a.png"], error: /^Unknown option '--imgae'$/ },
    { given: ["hi", "--image"], error: /--image/ },
    { given: ["hi", "--session", " "], error: /--session needs an id/ },
  ])("rejects $given with one clear line", ({ given, error }) => {
    let thrown: unknown;
    try {
      parseChatArgs(given);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DemoError);
    expect((thrown as DemoError).message).toMatch(error);
    expect((thrown as DemoError).message).not.toContain("\n");
  });
});
