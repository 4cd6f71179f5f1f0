import type { ValidationIssue } from "@vlmchat/validation";

export type MultipartFile =
  | { ok: true; filename: string; bytes: Uint8Array }
  /** A body that is not multipart at all, or is cut or malformed: FastAPI's 400. */
  | { ok: false; status: 400; detail: string }
  /** Well-formed, but without a `file` part that is a file: FastAPI's 422. */
  | { ok: false; status: 422; detail: ValidationIssue[] };

/**
 * Reads the `file` part of a `multipart/form-data` body with the platform's own parser (`Response`'s
 * `formData()`, undici's in Node): no dependency, and the same code in any runtime that has `fetch`.
 * It holds the whole body in memory, which the body limit bounds (large files take the presigned flow).
 */
export async function readMultipartFile(
  body: Uint8Array,
  contentType: string | undefined,
): Promise<MultipartFile> {
  if (!/^multipart\/form-data\s*;/i.test(contentType ?? "") || !/boundary=/i.test(contentType ?? "")) {
    return {
      ok: false,
      status: 422,
      detail: [
        {
          loc: ["body", "file"],
          msg: "Field required (send the file as the multipart/form-data field `file`)",
          type: "missing",
          input: null,
        },
      ],
    };
  }
  let form: FormData;
  try {
    // A Buffer's memory is never a SharedArrayBuffer here; the cast only narrows the type.
    form = await new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": contentType as string },
    }).formData();
  } catch {
    return {
      ok: false,
      status: 400,
      detail: "There was an error parsing the body: the multipart/form-data body is malformed or cut short",
    };
  }
  const file = form.get("file");
  if (file === null) {
    return {
      ok: false,
      status: 422,
      detail: [{ loc: ["body", "file"], msg: "Field required", type: "missing", input: null }],
    };
  }
  if (typeof file === "string") {
    return {
      ok: false,
      status: 422,
      detail: [
        {
          loc: ["body", "file"],
          msg: "Value error, Expected UploadFile, received: <class 'str'>",
          type: "value_error",
          input: file.length > 64 ? `${file.slice(0, 64)}…` : file,
        },
      ],
    };
  }
  return { ok: true, filename: file.name || "upload", bytes: new Uint8Array(await file.arrayBuffer()) };
}
