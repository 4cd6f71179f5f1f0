import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { responseValidator } from "@vlmchat/validation/response";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VlmChat as BrowserlessVlmChat } from "../src/index";
import {
  APITimeoutError,
  APIUserAbortError,
  DIRECT_UPLOAD_LIMIT,
  inputFile,
  MediaInputError,
  NotFoundError,
  type UploadProgress,
  VlmChat,
  VlmChatError,
} from "../src/node";
import { samples } from "./helpers/media-samples";
import { recorder, useMockServer } from "./helpers/mock";

const KEY = "sk-files-test";
// The presigned PUT goes to a second port of the mock, as to a bucket on another host.
const mock = useMockServer({ token: KEY, uploadPort: 0 });

/** Every request the client hands to fetch: the presigned PUT does not pass through middleware. */
function fetchRecorder() {
  const seen: { method: string; url: URL; headers: Headers }[] = [];
  const fetchSpy = (input: Request, init?: RequestInit) => {
    seen.push({ method: input.method, url: new URL(input.url), headers: new Headers(input.headers) });
    return fetch(input, init);
  };
  return { seen, fetch: fetchSpy };
}

const client = (options: ConstructorParameters<typeof VlmChat>[0] = {}) =>
  new VlmChat({ baseURL: mock.baseURL, apiKey: KEY, ...options });

let folder = "";
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "vlmchat-files-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("files against the mock server", () => {
  it("upload → list → retrieve → hash lookup → chat about it → delete → 404", async () => {
    const api = client();
    const path = join(folder, "pixel.png");
    await writeFile(path, samples.png);

    const uploaded = await api.files.upload(path, { purpose: "vision" });
    expect(uploaded).toMatchObject({
      object: "file",
      filename: "pixel.png",
      bytes: samples.png.byteLength,
      purpose: "vision",
    });
    expect(uploaded.id).toEqual(expect.any(String));

    const listed = [];
    for await (const file of api.files.list({ limit: 1 })) listed.push(file.id);
    expect(listed).toContain(uploaded.id);
    expect((await api.files.retrieve(uploaded.id as string)).bytes).toBe(samples.png.byteLength);

    // The same bytes again: found by their MD5, nothing is sent.
    const { requests, middleware } = recorder();
    api.use(middleware);
    const again = await api.files.upload(new Blob([samples.png]));
    expect(again.id).toBe(uploaded.id);
    const md5 = createHash("md5").update(samples.png).digest("hex");
    expect(requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      `GET /v1/files/hash/${md5}`,
    ]);

    const completion = await api.chat.completions.create({
      messages: [{ role: "user", content: [{ type: "text", text: "What is this?" }, inputFile(uploaded)] }],
    });
    expect(completion.choices[0]?.message.content).toMatch(/png/i);

    expect((await api.files.delete(uploaded.id as string)).id).toBe(uploaded.id);
    await expect(api.files.retrieve(uploaded.id as string)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists page by page: awaited, the first page; iterated, every file (answers checked against the spec)", async () => {
    const api = client({ validate: { response: responseValidator } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.files.upload(new Uint8Array([i, 1, 2, 3]))).id as string);
    const page = await api.files.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.hasNextPage()).toBe(true);
    const every: string[] = [];
    for await (const file of api.files.list({ limit: 2 })) every.push(file.id as string);
    expect(every).toEqual(expect.arrayContaining(ids));
    expect(new Set(every).size).toBe(every.length);
  });

  it("a 40 MiB file goes through the presigned URL, whose PUT crosses origins without the key; progress adds up", async () => {
    const { seen, fetch } = fetchRecorder();
    const api = client({ fetch });
    const path = join(folder, "forty.bin");
    const bytes = new Uint8Array(40 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
    await writeFile(path, bytes);
    expect(bytes.byteLength).toBeGreaterThan(DIRECT_UPLOAD_LIMIT);

    const events: UploadProgress[] = [];
    const uploaded = await api.files.upload(path, { onProgress: (progress) => events.push(progress) });
    expect(uploaded.bytes).toBe(bytes.byteLength);

    const put = seen.find((request) => request.method === "PUT");
    expect(put).toBeDefined();
    expect(put?.url.origin).not.toBe(new URL(mock.url).origin);
    expect(put?.headers.get("authorization")).toBeNull();
    expect(
      seen
        .filter((request) => request.method !== "PUT")
        .every((r) => r.headers.get("authorization") === `Bearer ${KEY}`),
    ).toBe(true);
    expect(seen.map((request) => `${request.method} ${request.url.pathname.replace(/[^/]+$/, "…")}`)).toEqual(
      [
        "GET /v1/files/hash/…",
        "POST /v1/files/…",
        `PUT ${put?.url.pathname.replace(/[^/]+$/, "…")}`,
        "GET /v1/files/verify-upload/…",
      ],
    );

    expect(events.length).toBeGreaterThan(100);
    expect(events.at(-1)).toEqual({ loaded: bytes.byteLength, total: bytes.byteLength });
    for (let i = 1; i < events.length; i++) {
      expect((events[i] as UploadProgress).loaded).toBeGreaterThan((events[i - 1] as UploadProgress).loaded);
    }
    expect((await api.files.retrieve(uploaded.id as string)).bytes).toBe(bytes.byteLength);
  });

  it("a stream needs its size, is never hashed, and must have exactly that many bytes", async () => {
    const api = client();
    const { requests, middleware } = recorder();
    api.use(middleware);
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("%PDF-1.4 not really"));
          controller.close();
        },
      });
    await expect(api.files.upload(stream())).rejects.toThrow(/needs its size/);
    const uploaded = await api.files.upload(stream(), { size: 19, filename: "doc.pdf" });
    expect(uploaded).toMatchObject({ filename: "doc.pdf", bytes: 19 });
    expect(requests.map((request) => request.method)).toEqual(["POST"]);
    const short = api.files.upload(stream(), { size: 20 });
    await expect(short).rejects.toBeInstanceOf(MediaInputError);
    await expect(short).rejects.toThrow(/ended after 19 of its 20 bytes/);
  });

  it("an upload that stops sending ends with its idle timeout, not the whole-request one", async () => {
    const api = client();
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10));
      },
    });
    const started = Date.now();
    await expect(api.files.upload(stalled, { size: 100, idleTimeout: 300 })).rejects.toBeInstanceOf(
      APITimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("an upload stops when its signal is aborted", async () => {
    const api = client();
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10));
      },
    });
    const abort = new AbortController();
    const upload = api.files.upload(stalled, { size: 100, signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    await expect(upload).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it("refuses bad input with a clear VlmChatError", async () => {
    const api = client();
    await expect(api.files.upload(join(folder, "missing.png"))).rejects.toThrow(
      /cannot read .*missing\.png: no such file/,
    );
    await expect(api.files.upload(42 as never)).rejects.toBeInstanceOf(MediaInputError);
    await expect(api.files.retrieve("")).rejects.toBeInstanceOf(VlmChatError);
    // The main entry has no file system: a path is refused there, saying where to get one.
    const plain = new BrowserlessVlmChat({ baseURL: mock.baseURL, apiKey: KEY });
    await expect(plain.files.upload("x.png" as never)).rejects.toThrow(/@vlmchat\/client\/node/);
  });
});
