import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { DemoError } from "../errors";
import { formatBytes } from "../format-bytes";
import { createProgress } from "../progress";

/** The flag an input came from: `--image`, `--file`, `--video` or `--audio`. */
export type InputKind = "image" | "file" | "video" | "audio";

export interface InputFile {
  readonly kind: InputKind;
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * Reads one input file, failing with one clear line when it is missing, not a file, or over `maxBytes`
 * (checked before reading, so a huge file costs nothing), and drawing a progress bar for big ones.
 */
export async function readInputFile(kind: InputKind, path: string, maxBytes: number): Promise<InputFile> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new DemoError(`--${kind} ${path}: no such file`);
    if (error.code === "EACCES") throw new DemoError(`--${kind} ${path}: permission denied`);
    throw new DemoError(`--${kind} ${path}: ${error.message}`);
  });
  if (!info.isFile()) throw new DemoError(`--${kind} ${path}: not a file`);
  if (info.size > maxBytes) {
    throw new DemoError(
      `--${kind} ${path}: ${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit`,
    );
  }
  if (info.size === 0) throw new DemoError(`--${kind} ${path}: the file is empty`);
  const progress = createProgress(`reading ${path}`, info.size);
  const bytes = new Uint8Array(info.size);
  let at = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      const piece = chunk as Buffer;
      // A file that grows while it is read: keep what stat promised.
      bytes.set(piece.subarray(0, bytes.length - at), at);
      at = Math.min(bytes.length, at + piece.length);
      progress.update(at);
    }
  } catch (error) {
    throw new DemoError(`--${kind} ${path}: ${(error as Error).message}`);
  } finally {
    progress.finish();
  }
  return { kind, path, bytes: at === bytes.length ? bytes : bytes.subarray(0, at) };
}
