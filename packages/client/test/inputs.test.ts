import { describe, expect, it } from "vitest";
import { audio, document, file, image, MediaInputError, sniff, video } from "../src/index";
import { samples } from "./helpers/media-samples";

const dataUrl = (mime: string, data: Uint8Array) =>
  `data:${mime};base64,${Buffer.from(data).toString("base64")}`;

describe("sniff", () => {
  it.each([
    ["png", "image/png", "image"],
    ["jpeg", "image/jpeg", "image"],
    ["gif", "image/gif", "image"],
    ["webp", "image/webp", "image"],
    ["bmp", "image/bmp", "image"],
    ["tiff", "image/tiff", "image"],
    ["pdf", "application/pdf", "document"],
    ["docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document"],
    ["mp4", "video/mp4", "video"],
    ["mov", "video/quicktime", "video"],
    ["webm", "video/webm", "video"],
    ["mp3", "audio/mpeg", "audio"],
    ["mp3Frame", "audio/mpeg", "audio"],
    ["wav", "audio/wav", "audio"],
    ["ogg", "audio/ogg", "audio"],
    ["flac", "audio/flac", "audio"],
  ] as const)("%s is %s", (name, mime, kind) => {
    expect(sniff(samples[name])).toMatchObject({ mime, kind, supported: true });
  });

  it.each([
    ["heic", "image/heic"],
    ["avif", "image/avif"],
    ["m4a", "audio/mp4"],
    ["mkv", "video/x-matroska"],
    ["zip", "application/zip"],
    ["xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["aac", "audio/aac"],
    ["gzip", "application/gzip"],
  ] as const)("%s is recognised as %s and not supported", (name, mime) => {
    expect(sniff(samples[name])).toMatchObject({ mime, supported: false });
  });

  it("does not guess at unknown bytes", () => {
    expect(sniff(samples.text)).toBeUndefined();
    expect(sniff(new Uint8Array())).toBeUndefined();
    // "BM" followed by an impossible header size is not a bitmap.
    expect(sniff(new TextEncoder().encode("BMW is a car maker, not a bitmap"))).toBeUndefined();
  });
});

describe("input helpers", () => {
  it("build the content part of each kind from bytes, as a data URL of the sniffed type", async () => {
    expect(await image(samples.png, { detail: "low" })).toEqual({
      type: "image_url",
      image_url: { url: dataUrl("image/png", samples.png), detail: "low" },
    });
    expect(await video(samples.mov)).toEqual({
      type: "video_url",
      video_url: { url: dataUrl("video/quicktime", samples.mov) },
    });
    expect(await audio(samples.wav)).toEqual({
      type: "audio_url",
      audio_url: { url: dataUrl("audio/wav", samples.wav) },
    });
    expect(await document(samples.pdf)).toEqual({
      type: "file_url",
      file_url: { url: dataUrl("application/pdf", samples.pdf) },
    });
    expect(await audio(samples.webm)).toEqual({
      type: "audio_url",
      audio_url: { url: dataUrl("audio/webm", samples.webm) },
    });
  });

  it("take ArrayBuffers, typed-array views, Node Buffers and Blobs", async () => {
    const want = dataUrl("image/gif", samples.gif);
    const padded = new Uint8Array(samples.gif.length + 4);
    padded.set(samples.gif, 2);
    const sources = [
      samples.gif.slice().buffer,
      padded.subarray(2, 2 + samples.gif.length),
      Buffer.from(samples.gif),
      new DataView(samples.gif.slice().buffer),
      new Blob([samples.gif.slice()], { type: "application/octet-stream" }),
    ];
    for (const source of sources) expect((await image(source)).image_url.url).toBe(want);
  });

  it("pass http(s) URLs through as they are", async () => {
    expect(await image("https://example.com/cat.png")).toEqual({
      type: "image_url",
      image_url: { url: "https://example.com/cat.png" },
    });
    expect(await video(new URL("https://example.com/v"))).toEqual({
      type: "video_url",
      video_url: { url: "https://example.com/v" },
    });
  });

  it("check data URLs by their bytes and fix a wrong declared type", async () => {
    const declaredWrong = dataUrl("application/octet-stream", samples.jpeg);
    expect((await image(declaredWrong)).image_url.url).toBe(dataUrl("image/jpeg", samples.jpeg));
    const right = dataUrl("image/jpeg", samples.jpeg);
    expect((await image(right)).image_url.url).toBe(right);
    await expect(image(dataUrl("image/png", samples.pdf))).rejects.toThrow(
      /PDF document.*not image; use document\(\)/,
    );
  });

  it("file() picks the part from the bytes or from a URL's extension", async () => {
    expect((await file(samples.flac)).type).toBe("audio_url");
    expect((await file(samples.docx)).type).toBe("file_url");
    expect((await file(samples.mp4)).type).toBe("video_url");
    expect((await file("https://example.com/a/report.PDF")).type).toBe("file_url");
    await expect(file("https://example.com/download?id=3")).rejects.toThrow(/cannot tell the kind/);
  });

  it.each([
    {
      name: "a PDF given to image()",
      run: () => image(samples.pdf),
      why: /PDF document \(application\/pdf\), not image; use document\(\)/,
    },
    {
      name: "an image given to video()",
      run: () => video(samples.png),
      why: /PNG image.*not video; use image\(\)/,
    },
    { name: "Ogg given to video()", run: () => video(samples.ogg), why: /not video/ },
    {
      name: "HEIC",
      run: () => image(samples.heic),
      why: /HEIC image \(image\/heic\) is not supported; expected a supported image \(png, jpeg, gif, webp, bmp, tiff\)/,
    },
    {
      name: "an Excel workbook",
      run: () => document(samples.xlsx),
      why: /Excel workbook .* is not supported/,
    },
    {
      name: "Matroska",
      run: () => video(samples.mkv),
      why: /Matroska video .* is not supported; expected a supported video \(mp4, mov, webm\)/,
    },
    {
      name: "unknown bytes",
      run: () => file(samples.text),
      why: /cannot tell what these 12 bytes are \(they start with 68 65 6c 6c 6f 2c 20 77\)/,
    },
    {
      name: "a file path in the main entry",
      run: () => image("./cat.png"),
      why: /import the helper from "@vlmchat\/client\/node"/,
    },
    { name: "an ftp URL", run: () => image("ftp://example.com/cat.png"), why: /unsupported URL scheme/ },
    { name: "a number", run: () => image(42 as never), why: /expected a URL, a data URL, a Blob or bytes/ },
    { name: "bad base64", run: () => image("data:image/png;base64,@@@@"), why: /base64 is not valid/ },
  ])("reject $name with a clear MediaInputError", async ({ run, why }) => {
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaInputError);
    expect((error as Error).message).toMatch(why);
  });

  it("refuse inputs over the size limit, before reading a Blob", async () => {
    const big = new Uint8Array(3000);
    big.set(samples.png);
    await expect(image(big, { maxBytes: 2048 })).rejects.toThrow(
      "image(): the input is 2.9 KiB, over the 2.0 KiB limit for inputs sent inline (the API takes request bodies up to 50 MB, and base64 adds a third); host it and pass its https URL, or raise maxBytes",
    );
    // A Blob whose bytes would fail if read: the size alone decides.
    const blob = new Blob([big]);
    Object.defineProperty(blob, "arrayBuffer", { value: () => Promise.reject(new Error("read")) });
    await expect(image(blob, { maxBytes: 2048 })).rejects.toThrow(/over the .* limit/);
    await expect(image(dataUrl("image/png", big), { maxBytes: 2048 })).rejects.toThrow(/over the .* limit/);
    expect((await image(big, { maxBytes: 4096 })).type).toBe("image_url");
  });

  it("limit images to 20 MiB and other inputs to 32 MiB by default", async () => {
    const image21 = new Uint8Array(21 * 1024 * 1024);
    image21.set(samples.png);
    await expect(image(image21)).rejects.toThrow(/21\.0 MiB, over the 20\.0 MiB limit/);
    const video21 = new Uint8Array(21 * 1024 * 1024);
    video21.set(samples.mp4);
    expect((await video(video21)).type).toBe("video_url");
  });
});
