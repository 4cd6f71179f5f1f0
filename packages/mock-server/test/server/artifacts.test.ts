import { inflateSync } from "node:zlib";
import type { ArtifactList, ChatCompletion } from "@vlmchat/types";
import { describe, expect, it } from "vitest";
import { useMockServer } from "../helpers/server";

const IMAGE_ID = /\bimg_[0-9a-f]{6}\b/;

/** Checks a PNG by reading it: the signature, each chunk's CRC, IHDR, and the pixel data inflating to its size. */
function decodePng(bytes: Uint8Array): { width: number; height: number } {
  const buffer = Buffer.from(bytes);
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  for (;;) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString("latin1", offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    expect(buffer.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(
      crc(buffer.subarray(offset + 4, offset + 8 + length)),
    );
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
    if (type === "IEND") break;
  }
  expect(offset).toBe(buffer.length);
  // 8-bit RGB: a filter byte and 3 bytes per pixel on each row.
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + 3 * width));
  return { width, height };
}

describe("artifacts of the image-gen toolset", () => {
  const mock = useMockServer();

  it("are made, named in the answer, listed, fetched as PNG, and refused to another session", async () => {
    const completion = await mock.api.complete({
      toolsets: ["image-gen"],
      messages: [{ role: "user", content: "Draw a checkerboard." }],
    });
    const text = completion.choices[0]?.message.content ?? "";
    const objectId = IMAGE_ID.exec(text)?.[0] as string;
    expect(text).toContain(`I made an image: ${objectId} (image/png, 8×8 pixels)`);
    const session = completion.session_id as string;

    const list = await mock.api.request("GET", `/v1/artifacts/list?session_id=${session}`);
    expect(list.json as ArtifactList).toEqual({
      namespace_id: session,
      items: [{ object_id: objectId, filename: `${objectId}.png`, source: "image-gen" }],
    });

    const fetched = await mock.api.request(
      "GET",
      `/v1/artifacts?session_id=${session}&object_id=${objectId}`,
    );
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/png");
    expect(decodePng(fetched.bytes)).toEqual({ width: 8, height: 8 });
    const byName = await mock.api.request(
      "GET",
      `/v1/artifacts?session_id=${session}&filename=${objectId}.png`,
    );
    expect(byName.bytes).toEqual(fetched.bytes);

    const other = await mock.api.complete({ messages: [{ role: "user", content: "hi" }] });
    const refused = await mock.api.request(
      "GET",
      `/v1/artifacts?session_id=${other.session_id}&object_id=${objectId}`,
    );
    expect(refused.status).toBe(404);
    expect(refused.json).toEqual({ detail: `Artifact ${objectId} not found in session ${other.session_id}` });
    expect((await mock.api.request("GET", `/v1/artifacts/list?session_id=${other.session_id}`)).json).toEqual(
      {
        namespace_id: other.session_id,
        items: [],
      },
    );
  });

  it("is deterministic: the same turn of the same session names the same image, and streams name it too", async () => {
    const request = {
      toolsets: ["image-gen"],
      session_id: "fixed-session",
      messages: [{ role: "user", content: "a cat" }],
    };
    const chunks = await mock.api.stream(request);
    const streamed = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    const id = IMAGE_ID.exec(streamed)?.[0];
    expect(id).toBeDefined();
    const next = await mock.api.complete(request);
    // A later turn makes another image; both stay listed.
    const second = IMAGE_ID.exec(next.choices[0]?.message.content ?? "")?.[0];
    expect(second).not.toBe(id);
    const list = (await mock.api.request("GET", "/v1/artifacts/list?session_id=fixed-session"))
      .json as ArtifactList;
    expect(list.items.map((item) => item.object_id)).toEqual([id, second]);
  });

  it("fills ImageRef fields of a structured answer with the image it made", async () => {
    const completion = (await mock.api.complete({
      toolsets: ["image-gen"],
      messages: [{ role: "user", content: "Make a logo and caption it." }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "logo",
          schema: {
            type: "object",
            properties: {
              caption: { type: "string" },
              image: {
                type: "object",
                properties: { id: { type: "string", pattern: "^img_\\w{6}$" } },
                required: ["id"],
              },
            },
            required: ["caption", "image"],
          },
        },
      },
    })) as ChatCompletion;
    const answer = JSON.parse(completion.choices[0]?.message.content ?? "") as { image: { id: string } };
    const fetched = await mock.api.request(
      "GET",
      `/v1/artifacts?session_id=${completion.session_id}&object_id=${answer.image.id}`,
    );
    expect(fetched.status).toBe(200);
    expect(decodePng(fetched.bytes)).toEqual({ width: 8, height: 8 });
  });

  it("makes nothing without the toolset", async () => {
    const completion = await mock.api.complete({ messages: [{ role: "user", content: "Draw a cat." }] });
    expect(completion.choices[0]?.message.content).not.toMatch(IMAGE_ID);
    const list = (await mock.api.request("GET", `/v1/artifacts/list?session_id=${completion.session_id}`))
      .json as ArtifactList;
    expect(list.items).toEqual([]);
  });
});
