/**
 * Uploads as a browser page makes them: no request body streams (a FormData or Blob body instead),
 * progress at the start and the end only, and no MD5 (so no hash lookup). What cannot run here is the
 * page: its `window` and `document` globals are faked so the client takes the page's path, and Node's
 * fetch sends the requests to the real mock server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIRECT_UPLOAD_LIMIT, type UploadProgress, VlmChat } from "../src/index";
import { recorder, useMockServer } from "./helpers/mock";

const mock = useMockServer({ uploadPort: 0 });
const page = globalThis as { window?: unknown; document?: unknown };

beforeAll(() => {
  page.window = globalThis;
  page.document = {};
});
afterAll(() => {
  delete page.window;
  delete page.document;
});

describe("uploads from a browser page", () => {
  it.each([
    { name: "a small Blob, in one POST", size: 1000, via: "POST /v1/files" },
    {
      name: "a Blob over 32 MiB, through the presigned URL",
      size: DIRECT_UPLOAD_LIMIT + 1,
      via: "POST /v1/files/presigned-url",
    },
  ])("$name: progress at the start and the end, no hash lookup", async ({ size, via }) => {
    const client = new VlmChat({ baseURL: mock.baseURL, apiKey: null });
    const { requests, middleware } = recorder();
    client.use(middleware);
    const events: UploadProgress[] = [];
    const file = new File([new Uint8Array(size).fill(7)], "page.bin");
    const uploaded = await client.files.upload(file, { onProgress: (progress) => events.push(progress) });
    expect(uploaded).toMatchObject({ filename: "page.bin", bytes: size });
    expect(events).toEqual([
      { loaded: 0, total: size },
      { loaded: size, total: size },
    ]);
    const sent = requests.map((request) => `${request.method} ${new URL(request.url).pathname}`);
    expect(sent[0]).toBe(via);
    expect(sent.some((line) => line.includes("/hash/"))).toBe(false);
  });

  it("a stream is read into a Blob first, and checked against its size", async () => {
    const client = new VlmChat({ baseURL: mock.baseURL, apiKey: null });
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(64).fill(1));
          controller.close();
        },
      });
    expect((await client.files.upload(stream(), { size: 64 })).bytes).toBe(64);
    await expect(client.files.upload(stream(), { size: 65 })).rejects.toThrow(
      /64 bytes, not its size \(65\)/,
    );
  });
});
