import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { ChatCompletion, FileResponse, PresignedUrlResponse } from "@vlmchat/types";
import { validateFileResponse } from "@vlmchat/validation/files";
import { afterAll, describe, expect, it } from "vitest";
import { startMockServer } from "../../src/index";
import { Api } from "../helpers/api";
import { upload } from "../helpers/files";
import { media } from "../helpers/fixtures";
import { useMockServer } from "../helpers/server";

const run = promisify(execFile);
const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");
const scratch = mkdtempSync(join(tmpdir(), "vlmchat-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("files, in memory", () => {
  const mock = useMockServer({ token: "sk-test" }, { authorization: "Bearer sk-test" });

  it("takes a plain `curl -F file=@x.pdf` and answers the documented FileResponse (201)", async () => {
    const path = join(scratch, "x.pdf");
    writeFileSync(path, media("tiny.pdf"));
    const { stdout } = await run("curl", [
      "-sS",
      "-w",
      "\n%{http_code}",
      "-H",
      "Authorization: Bearer sk-test",
      "-F",
      `file=@${path}`,
      `${mock.server.url}/v1/files`,
    ]);
    const [body, status] = stdout.split("\n");
    expect(status).toBe("201");
    const file = JSON.parse(body as string) as FileResponse;
    expect(validateFileResponse(file).ok).toBe(true);
    expect(file).toMatchObject({
      object: "file",
      filename: "x.pdf",
      bytes: media("tiny.pdf").length,
      purpose: "assistants",
    });
    expect(file.id).toMatch(/^file-[0-9a-f]{24}$/);
    expect(new Date(file.created_at as string).toISOString()).toBe(file.created_at);
    // generate_public_url defaults to true: the URL reads the bytes back without the key.
    const pub = await fetch(file.public_url as string);
    expect(pub.status).toBe(200);
    expect(Buffer.from(await pub.arrayBuffer())).toEqual(media("tiny.pdf"));
  });

  it("upload → list → retrieve → hash lookup → chat about it → delete → 404", async () => {
    const bytes = media("png-2x1.png");
    const file = await upload(mock.api, bytes, "chart.png", "?purpose=vision&generate_public_url=false");
    expect(file).toMatchObject({
      filename: "chart.png",
      bytes: bytes.length,
      purpose: "vision",
      public_url: null,
    });
    const id = file.id as string;

    const listed = await mock.api.request("GET", "/v1/files?limit=1");
    expect(listed.json).toEqual([file]);
    expect((await mock.api.request("GET", `/v1/files/${id}`)).json).toEqual(file);
    const withUrl = await mock.api.request("GET", `/v1/files/${id}?public=true`);
    expect((withUrl.json as FileResponse).public_url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/_vlmchat\/files\//,
    );
    expect((await mock.api.request("GET", `/v1/files/hash/${md5(bytes).toUpperCase()}`)).json).toEqual(file);

    const answer = await mock.api.complete({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this file?" },
            { type: "input_file", file_id: id },
          ],
        },
      ],
    });
    expect(answer.choices[0]?.message.content).toContain(
      `a file (image/png, ${bytes.length} bytes, 2×1 pixels, named chart.png, file id ${id})`,
    );

    expect((await mock.api.request("DELETE", `/v1/files/${id}`)).json).toEqual(file);
    for (const path of [`/v1/files/${id}`, `/v1/files/hash/${md5(bytes)}`]) {
      const gone = await mock.api.request("GET", path);
      expect(gone.status).toBe(404);
    }
    expect((await mock.api.request("GET", `/v1/files/${id}`)).json).toEqual({
      detail: `File ${id} not found`,
    });
    expect((await mock.api.request("DELETE", `/v1/files/${id}`)).status).toBe(404);
    const chat = await mock.api.chat({
      messages: [{ role: "user", content: [{ type: "input_file", file_id: id }] }],
    });
    expect(chat.status).toBe(404);
    expect(chat.json).toEqual({ detail: `File ${id} not found` });
  });

  it("sniffs an uploaded file's bytes, as for inline parts", async () => {
    const named = await upload(mock.api, media("png-2x1.png"), "photo.jpg");
    const unnamed = await upload(mock.api, media("baseline-3x2.jpg"), "blob");
    const answer = await mock.api.complete({
      messages: [
        {
          role: "user",
          content: [
            { type: "input_file", file_id: named.id as string },
            { type: "file", file: { file_id: unnamed.id as string } },
          ],
        },
      ],
    });
    const text = answer.choices[0]?.message.content ?? "";
    expect(text).toContain("a file (image/jpeg, but the bytes are image/png");
    expect(text).toContain(
      `a file (image/jpeg, ${media("baseline-3x2.jpg").length} bytes, 3×2 pixels, named blob`,
    );
  });

  it.each([
    ["/v1/files?limit=0", ["query", "limit"], "greater_than_equal"],
    ["/v1/files?limit=1001", ["query", "limit"], "less_than_equal"],
    ["/v1/files?skip=-1", ["query", "skip"], "greater_than_equal"],
    ["/v1/files?skip=two", ["query", "skip"], "int_parsing"],
    ["/v1/files/file-1?public=maybe", ["query", "public"], "bool_parsing"],
    ["/v1/files/hash/not-an-md5", ["path", "md5"], "string_pattern_mismatch"],
    ["/v1/artifacts?object_id=img_abcdef", ["query", "session_id"], "missing"],
    ["/v1/artifacts?session_id=s", ["query", "object_id"], "missing"],
    ["/v1/artifacts?session_id=s&object_id=pic_1", ["query", "object_id"], "string_pattern_mismatch"],
    ["/v1/artifacts/list", ["query", "session_id"], "missing"],
  ])("GET %s → 422 at %j (%s)", async (url, loc, type) => {
    const response = await mock.api.request("GET", url);
    expect(response.status).toBe(422);
    expect((response.json as { detail: unknown[] }).detail).toEqual([expect.objectContaining({ loc, type })]);
  });

  it("refuses a bad purpose or switch on upload with a 422 in the query, before reading the body", async () => {
    const form = new FormData();
    form.append("file", new Blob(["x"]), "x.txt");
    const response = await mock.api.request(
      "POST",
      "/v1/files?purpose=homework&generate_public_url=perhaps",
      {
        rawBody: form,
      },
    );
    expect(response.status).toBe(422);
    expect((response.json as { detail: { loc: unknown[]; type: string }[] }).detail).toEqual([
      expect.objectContaining({ loc: ["query", "purpose"], type: "literal_error" }),
      expect.objectContaining({ loc: ["query", "generate_public_url"], type: "bool_parsing" }),
    ]);
  });

  it("gives bad multipart clear errors and stores nothing", async () => {
    const before = (await mock.api.request("GET", "/v1/files?limit=1000")).json as FileResponse[];
    const noFile = new FormData();
    noFile.append("purpose", "vision");
    const cases = [
      { rawBody: noFile, status: 422, loc: ["body", "file"] },
      {
        rawBody: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\ncut sh',
        headers: { "content-type": "multipart/form-data; boundary=x" },
        status: 400,
      },
      { rawBody: "just text", headers: { "content-type": "text/plain" }, status: 422, loc: ["body", "file"] },
    ];
    for (const { status, loc, ...options } of cases) {
      const response = await mock.api.request("POST", "/v1/files", options);
      expect(response.status, response.body).toBe(status);
      if (loc) expect((response.json as { detail: { loc: unknown }[] }).detail[0]?.loc).toEqual(loc);
      else
        expect((response.json as { detail: string }).detail).toMatch(
          /multipart\/form-data body is malformed/,
        );
    }
    expect((await mock.api.request("GET", "/v1/files?limit=1000")).json).toEqual(before);
  });

  it("plays faults after the body is checked, storing nothing", async () => {
    const before = (await mock.api.request("GET", "/v1/files?limit=1000")).json as FileResponse[];
    const form = new FormData();
    form.append("file", new Blob(["x"]), "x.txt");
    const fault = { "x-vlmchat-fault": "status=503" };
    const failed = await mock.api.request("POST", "/v1/files", { rawBody: form, headers: fault });
    expect(failed.status).toBe(503);
    const invalid = await mock.api.request("POST", "/v1/files/presigned-url", { body: {}, headers: fault });
    expect(invalid.status).toBe(422);
    expect((await mock.api.request("GET", "/v1/files", { headers: fault })).status).toBe(503);
    expect((await mock.api.request("GET", "/v1/files?limit=1000")).json).toEqual(before);
  });

  it("needs the API key on the API routes, never on a public URL", async () => {
    const response = await fetch(`${mock.server.url}/v1/files`);
    expect(response.status).toBe(401);
  });
});

describe("limits", () => {
  const mock = useMockServer({ bodyLimit: 64 * 1024, fileStorage: 100_000, uploadLimit: 60_000 });

  const count = async () =>
    ((await mock.api.request("GET", "/v1/files?limit=1000")).json as unknown[]).length;

  it("a multipart body over bodyLimit: 413 naming the presigned flow, nothing stored", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(70 * 1024)]), "big.bin");
    const response = await mock.api.request("POST", "/v1/files", { rawBody: form });
    expect(response.status).toBe(413);
    expect((response.json as { detail: string }).detail).toMatch(/presigned-url/);
    expect(await count()).toBe(0);
  });

  it("a file over uploadLimit: 413; a full store: 507, and nothing already stored is evicted", async () => {
    const tooBig = new FormData();
    tooBig.append("file", new Blob([new Uint8Array(61_000)]), "big.bin");
    const refused = await mock.api.request("POST", "/v1/files", { rawBody: tooBig });
    expect(refused.status).toBe(413);
    expect((refused.json as { detail: string }).detail).toBe("File too large (limit 60000 bytes)");

    const first = await upload(mock.api, new Uint8Array(50_000).fill(1), "a.bin");
    const second = await upload(mock.api, new Uint8Array(40_000).fill(2), "b.bin");
    const third = new FormData();
    third.append("file", new Blob([new Uint8Array(20_000)]), "c.bin");
    const full = await mock.api.request("POST", "/v1/files", { rawBody: third });
    expect(full.status).toBe(507);
    expect((full.json as { detail: string }).detail).toMatch(
      /file storage is full \(90000 of 100000 bytes used\)/,
    );
    expect(((await mock.api.request("GET", "/v1/files")).json as FileResponse[]).map((f) => f.id)).toEqual([
      second.id,
      first.id,
    ]);
    // Deleting frees the room.
    await mock.api.request("DELETE", `/v1/files/${first.id}`);
    expect((await mock.api.request("POST", "/v1/files", { rawBody: third })).status).toBe(201);
  });

  it("a presigned PUT over uploadLimit: 413, nothing stored, and the URL can be used again", async () => {
    const before = await count();
    const presigned = (
      await mock.api.request("POST", "/v1/files/presigned-url", { body: { filename: "v.mp4" } })
    ).json as PresignedUrlResponse;
    const tooBig = await fetch(presigned.url, { method: "PUT", body: new Uint8Array(60_001) });
    expect(tooBig.status).toBe(413);
    expect((await mock.api.request("GET", `/v1/files/verify-upload/${presigned.id}`)).status).toBe(404);
    expect(await count()).toBe(before);
    const streamed = await fetch(presigned.url, {
      method: "PUT",
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(40_000));
          controller.enqueue(new Uint8Array(30_000));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await count()).toBe(before);
    expect((await fetch(presigned.url, { method: "PUT", body: new Uint8Array(10) })).status).toBe(200);
    expect(await count()).toBe(before + 1);
  });
});

describe("the presigned flow, with uploads on a second port", () => {
  const mock = useMockServer({ token: "sk-test", uploadPort: 0 }, { authorization: "Bearer sk-test" });

  it("PUTs to another origin with the signed URL alone, then verify-upload answers the file", async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const created = await mock.api.request("POST", "/v1/files/presigned-url", {
      body: { filename: "clip.mp4", purpose: "vision", expiration: 60 },
    });
    expect(created.status).toBe(200);
    const presigned = created.json as PresignedUrlResponse;
    expect(presigned).toMatchObject({ filename: "clip.mp4", upload_method: "PUT", expiration: 60 });
    const uploadOrigin = new URL(presigned.url).origin;
    expect(uploadOrigin).toBe(mock.server.uploadURL);
    expect(uploadOrigin).not.toBe(mock.server.url);

    const pending = await mock.api.request("GET", `/v1/files/verify-upload/${presigned.id}`);
    expect(pending.status).toBe(404);
    expect((pending.json as { detail: string }).detail).toMatch(/has not been uploaded yet/);

    // No Authorization header: the token in the URL is the only credential.
    const put = await fetch(presigned.url, {
      method: "PUT",
      headers: { "content-type": presigned.content_type as string },
      body: bytes,
    });
    expect(put.status).toBe(200);
    expect(put.headers.get("etag")).toBe(`"${md5(bytes)}"`);

    const verified = await mock.api.request("GET", `/v1/files/verify-upload/${presigned.id}`);
    expect(verified.json).toMatchObject({
      id: presigned.id,
      filename: "clip.mp4",
      bytes: bytes.length,
      purpose: "vision",
    });
    expect((await mock.api.request("GET", `/v1/files/hash/${md5(bytes)}`)).json).toMatchObject({
      id: presigned.id,
    });
    // The URL is spent.
    expect((await fetch(presigned.url, { method: "PUT", body: "again" })).status).toBe(404);
  });

  it("refuses a PUT that carries an Authorization header, as S3 does, and stores nothing", async () => {
    const presigned = (await mock.api.request("POST", "/v1/files/presigned-url", { body: { filename: "k" } }))
      .json as PresignedUrlResponse;
    const leaked = await fetch(presigned.url, {
      method: "PUT",
      headers: { authorization: "Bearer sk-test" },
      body: "bytes",
    });
    expect(leaked.status).toBe(400);
    expect(((await leaked.json()) as { detail: string }).detail).toMatch(/^Only one auth mechanism allowed/);
    expect((await mock.api.request("GET", `/v1/files/verify-upload/${presigned.id}`)).status).toBe(404);
    expect((await fetch(presigned.url, { method: "PUT", body: "bytes" })).status).toBe(200);
  });

  it("takes a 40 MiB PUT streamed in pieces, and the hash lookup finds it", async () => {
    const piece = new Uint8Array(1024 * 1024).map((_, i) => (i * 7) % 256);
    const whole = createHash("md5");
    for (let i = 0; i < 40; i++) whole.update(piece);
    const presigned = (
      await mock.api.request("POST", "/v1/files/presigned-url", { body: { filename: "big.mp4" } })
    ).json as PresignedUrlResponse;
    let sent = 0;
    const put = await fetch(presigned.url, {
      method: "PUT",
      headers: { "content-length": String(40 * piece.length) },
      body: new ReadableStream({
        pull(controller) {
          if (sent++ < 40) controller.enqueue(piece);
          else controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(put.status).toBe(200);
    const digest = whole.digest("hex");
    expect((await mock.api.request("GET", `/v1/files/hash/${digest}`)).json).toMatchObject({
      id: presigned.id,
      bytes: 40 * 1024 * 1024,
    });
  });

  it("keeps each port to its own routes, and refuses a forged token", async () => {
    const presigned = (await mock.api.request("POST", "/v1/files/presigned-url", { body: { filename: "a" } }))
      .json as PresignedUrlResponse;
    const path = new URL(presigned.url).pathname;
    expect((await fetch(`${mock.server.url}${path}`, { method: "PUT", body: "x" })).status).toBe(404);
    const api = new Api(mock.server.uploadURL, { authorization: "Bearer sk-test" });
    expect((await api.request("GET", "/v1/files")).status).toBe(404);
    const [payload, signature] = path.split("/").at(-1)?.split(".") ?? [];
    const forged = `${presigned.url.slice(0, presigned.url.lastIndexOf("/") + 1)}${payload}.${(signature ?? "").slice(0, -2)}AA`;
    const refused = await fetch(forged, { method: "PUT", body: "x" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ detail: "Invalid upload URL: Invalid signature" });
  });
});

describe("files on disk, next to the session database", () => {
  it("streams uploads into `<db>.files`, keeps them across a restart, leaves no partial file", async () => {
    const db = join(scratch, "sessions.db");
    const first = await startMockServer({ db, uploadLimit: 1024 * 1024 });
    const api = new Api(first.url);
    const kept = await upload(api, media("tiny.pdf"), "paper.pdf");
    const presigned = (
      await api.request("POST", "/v1/files/presigned-url", { body: { filename: "big.bin" } })
    ).json as PresignedUrlResponse;
    expect(
      (await fetch(presigned.url, { method: "PUT", body: new Uint8Array(2 * 1024 * 1024) })).status,
    ).toBe(413);
    await first.close();
    const directory = `${db}.files`;
    expect(existsSync(directory)).toBe(true);
    expect(readdirSync(directory).sort()).toEqual([`${kept.id}.bin`, `${kept.id}.json`]);

    const second = await startMockServer({ db });
    try {
      const again = new Api(second.url);
      expect((await again.request("GET", `/v1/files/${kept.id}`)).json).toEqual({
        ...kept,
        public_url: null,
      });
      const answer = (
        await again.chat({
          messages: [{ role: "user", content: [{ type: "input_file", file_id: kept.id }] }],
        })
      ).json as ChatCompletion;
      expect(answer.choices[0]?.message.content).toContain("a file (application/pdf");
      await again.request("DELETE", `/v1/files/${kept.id}`);
      expect(readdirSync(directory)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
