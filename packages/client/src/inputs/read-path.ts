import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { MediaInputError } from "../errors";
import { type PathReader, tooLarge } from "./media";

/** Reads a file path or `file:` URL, refusing before reading when it is over the size limit. */
export const readPath: PathReader = async (path, maxBytes, helper) => {
  const file = path.startsWith("file:") ? fileURLToPath(path) : path;
  const handle = await open(file, "r").catch((error: unknown) => {
    throw cannotRead(helper, file, error);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new MediaInputError(`${helper}: cannot read ${file}: not a regular file`);
    if (stat.size > maxBytes) throw tooLarge(helper, file, stat.size, maxBytes);
    return new Uint8Array(await handle.readFile());
  } catch (error) {
    throw error instanceof MediaInputError ? error : cannotRead(helper, file, error);
  } finally {
    await handle.close();
  }
};

function cannotRead(helper: string, file: string, error: unknown): MediaInputError {
  const code = (error as { code?: string }).code;
  const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error);
  return new MediaInputError(`${helper}: cannot read ${file}: ${why}`);
}
