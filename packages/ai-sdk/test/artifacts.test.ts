import { VlmChat } from "@vlmchat/client";
import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { findArtifactRefs } from "../src/index";
import { useMockServer } from "./helpers/mock";

const mock = useMockServer();

describe("artifact refs", () => {
  it.each([
    { given: "Here it is: img_a1b2c3.", want: ["img_a1b2c3"] },
    { given: "vid_000111 and aud_abcdef, then vid_000111 again", want: ["vid_000111", "aud_abcdef"] },
    {
      given: "doc_123456 recon_abc123 arr_zzzzzz url_QWERTY",
      want: ["doc_123456", "recon_abc123", "arr_zzzzzz", "url_QWERTY"],
    },
    { given: "img_a1b2c3d4 is too long, xyz_a1b2c3 has no known prefix, img_a1b is short", want: [] },
    { given: "", want: [] },
  ])("finds $want in $given", ({ given, want }) => {
    expect(findArtifactRefs(given)).toEqual(want);
  });

  it("providerMetadata.vlmrun.artifacts lists the refs an answer mentions", async () => {
    // The mock quotes the user's words back, so the answer mentions what the prompt does.
    const result = await generateText({
      model: mock.provider()("vlmrun-orion-1:auto"),
      prompt: "Describe img_a1b2c3 and doc_0f0f0f.",
    });
    expect(result.providerMetadata?.vlmrun?.artifacts).toEqual(["img_a1b2c3", "doc_0f0f0f"]);
  });

  it("with the image-gen toolset, lists the image the answer names, which the client fetches as a PNG", async () => {
    const result = await generateText({
      model: mock.provider()("vlmrun-orion-1:auto"),
      prompt: "Draw a lighthouse.",
      providerOptions: { vlmrun: { toolsets: ["image-gen"] } },
    });
    const sessionId = result.providerMetadata?.vlmrun?.sessionId as string;
    const artifacts = result.providerMetadata?.vlmrun?.artifacts as string[];
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]).toMatch(/^img_[0-9a-f]{6}$/);
    const client = new VlmChat({ baseURL: mock.baseURL, apiKey: null });
    const image = await client.artifacts.retrieve({ session_id: sessionId, object_id: artifacts[0] });
    expect(image.contentType).toBe("image/png");
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
