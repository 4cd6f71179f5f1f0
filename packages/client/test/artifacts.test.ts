import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Artifact, artifactRefs, NotFoundError, saveArtifact, VlmChat, VlmChatError } from "../src/node";
import { useMockServer } from "./helpers/mock";

const mock = useMockServer();
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A turn with the image-gen toolset: the mock makes a PNG and names its id in the answer. */
async function makeImage(client: Pick<VlmChat, "chat">) {
  const completion = await client.chat.completions.create({
    messages: [{ role: "user", content: "Draw a lighthouse at dusk" }],
    toolsets: ["image-gen"],
  });
  const [id] = artifactRefs(completion.choices[0]?.message.content ?? "");
  return { sessionId: completion.session_id as string, id: id as string, completion };
}

describe("artifacts against the mock server", () => {
  it("an image is made, listed, fetched as PNG bytes, saved, and refused to another session", async () => {
    const client = mock.client();
    const { sessionId, id, completion } = await makeImage(client);
    expect(id).toMatch(/^img_\w{6}$/);
    expect(artifactRefs(completion)).toEqual([id]);

    const list = await client.artifacts.list({ session_id: sessionId });
    expect(list.items.map((item) => item.object_id)).toContain(id);

    const artifact = await client.artifacts.retrieve({ session_id: sessionId, object_id: id });
    expect(artifact).toBeInstanceOf(Artifact);
    expect(artifact.contentType).toBe("image/png");
    expect(artifact.url).toBeUndefined();
    const bytes = new Uint8Array(await artifact.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);

    const folder = await mkdtemp(join(tmpdir(), "vlmchat-artifacts-"));
    try {
      const again = await client.artifacts.retrieve({ session_id: sessionId, object_id: id });
      const saved = await saveArtifact(again, folder);
      expect(saved).toBe(join(folder, `${id}.png`));
      expect(new Uint8Array(await readFile(saved))).toEqual(bytes);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }

    const other = await client.chat.completions.create({ messages: [{ role: "user", content: "Hello" }] });
    await expect(
      client.artifacts.retrieve({ session_id: other.session_id as string, object_id: id }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a body can be streamed", async () => {
    const client = mock.client();
    const { sessionId, id } = await makeImage(client);
    const artifact = await client.artifacts.retrieve({ session_id: sessionId, object_id: id });
    let size = 0;
    for await (const chunk of artifact.body as unknown as AsyncIterable<Uint8Array>) size += chunk.byteLength;
    expect(size).toBeGreaterThan(PNG_SIGNATURE.length);
  });

  it("saveArtifact() to a path it cannot write is a VlmChatError naming it", async () => {
    const client = mock.client();
    const { sessionId, id } = await makeImage(client);
    const artifact = await client.artifacts.retrieve({ session_id: sessionId, object_id: id });
    const target = join(tmpdir(), `vlmchat-no-such-folder-${process.pid}`, "x.png");
    const failed = saveArtifact(artifact, target);
    await expect(failed).rejects.toBeInstanceOf(VlmChatError);
    await expect(failed).rejects.toThrow(/cannot write .*x\.png/);
  });

  it("says what is missing before sending", async () => {
    const client = mock.client();
    await expect(client.artifacts.retrieve({ object_id: "img_a1b2c3" })).rejects.toThrow(/session_id/);
    await expect(client.artifacts.retrieve({ session_id: "s" })).rejects.toThrow(/object_id/);
    await expect(client.artifacts.list({})).rejects.toBeInstanceOf(VlmChatError);
  });

  it("a url_ artifact gives its URL and the client never fetches it", async () => {
    // The mock makes no url_ artifacts: a fetch plays the API's text/plain answer, and records calls.
    const calls: string[] = [];
    const client = new VlmChat({
      baseURL: "http://127.0.0.1:9/v1/openai",
      apiKey: "sk-test",
      fetch: async (request) => {
        calls.push(request.url);
        return new Response("https://cdn.example/lighthouse.glb\n", {
          headers: { "content-type": "text/plain" },
        });
      },
    });
    const artifact = await client.artifacts.retrieve({ session_id: "s", object_id: "url_a1b2c3" });
    expect(artifact.url).toBe("https://cdn.example/lighthouse.glb");
    expect(calls).toEqual(["http://127.0.0.1:9/v1/artifacts?session_id=s&object_id=url_a1b2c3"]);
    await expect(saveArtifact(artifact, tmpdir())).rejects.toThrow(/URL artifact/);
  });
});

describe("artifactRefs", () => {
  it.each([
    {
      name: "bare ids in text",
      given: "Here: img_a1b2c3 and vid_000fff.",
      want: ["img_a1b2c3", "vid_000fff"],
    },
    {
      name: "ref objects",
      given: { cover: { id: "img_a1b2c3" }, pages: [{ id: "doc_abcdef" }] },
      want: ["img_a1b2c3", "doc_abcdef"],
    },
    {
      name: "each once",
      given: ["img_a1b2c3", "img_a1b2c3", { id: "recon_123456" }],
      want: ["img_a1b2c3", "recon_123456"],
    },
    { name: "not inside longer words", given: "ximg_a1b2c3 img_a1b2c3d img_a1b", want: [] },
    {
      name: "every prefix",
      given: "aud_aaaaaa arr_bbbbbb url_cccccc",
      want: ["aud_aaaaaa", "arr_bbbbbb", "url_cccccc"],
    },
    { name: "nothing", given: null, want: [] },
  ])("$name", ({ given, want }) => {
    expect(artifactRefs(given)).toEqual(want);
  });
});
