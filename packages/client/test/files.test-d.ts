import { describe, expectTypeOf, it } from "vitest";
import type { Artifact, ArtifactList, FilePage, FileResponse, VlmChat, WithRequestId } from "../src/index";
import type { VlmChat as NodeVlmChat } from "../src/node";

declare const client: VlmChat;
declare const nodeClient: NodeVlmChat;

describe("files and artifacts types", () => {
  it("upload resolves to the FileResponse, so its id is one line away", () => {
    expectTypeOf(client.files.upload(new Blob([]))).resolves.toEqualTypeOf<WithRequestId<FileResponse>>();
    expectTypeOf(nodeClient.files.upload("./x.pdf")).resolves.toEqualTypeOf<WithRequestId<FileResponse>>();
  });

  it("only the client of @vlmchat/client/node takes a file path", () => {
    // @ts-expect-error: the main entry has no file system
    client.files.upload("./x.pdf");
    expectTypeOf(nodeClient).toMatchTypeOf<VlmChat>();
  });

  it("list is a page when awaited and files when iterated", () => {
    expectTypeOf(client.files.list()).resolves.toMatchTypeOf<FilePage>();
    expectTypeOf(client.files.list()).toMatchTypeOf<AsyncIterable<FileResponse>>();
  });

  it("artifacts", () => {
    expectTypeOf(
      client.artifacts.retrieve({ session_id: "s", object_id: "img_a1b2c3" }),
    ).resolves.toEqualTypeOf<Artifact>();
    expectTypeOf(client.artifacts.list({ session_id: "s" })).resolves.toMatchTypeOf<ArtifactList>();
  });
});
