import { stat } from "node:fs/promises";
import { MediaInputError, type MediaPart } from "@vlmchat/client";
import { audio, file, image, video } from "@vlmchat/client/node";
import { DemoError } from "../errors";
import { startActivity } from "../progress";

/** The flag an input came from. `--file` takes any supported type, sniffed from its bytes. */
export type InputKind = "image" | "file" | "video" | "audio";

const HELPERS = { image, video, audio, file } as const;
// The client names its helpers in its messages; a CLI user knows the flags.
const FLAG_FOR_HELPER: Record<string, string> = {
  "image()": "--image",
  "video()": "--video",
  "audio()": "--audio",
  "document()": "--file",
  "file()": "--file",
};

/**
 * The content part for one input file, read, sniffed and encoded by @vlmchat/client's Node helpers,
 * which refuse oversized files before reading them. Big files get a spinner on a terminal while that runs.
 */
export async function inputPart(kind: InputKind, path: string): Promise<MediaPart> {
  const where = `--${kind} ${path}`;
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    const why =
      error.code === "ENOENT"
        ? "no such file"
        : error.code === "EACCES"
          ? "permission denied"
          : error.message;
    throw new DemoError(`${where}: ${why}`);
  });
  if (!info.isFile()) throw new DemoError(`${where}: not a file`);
  if (info.size === 0) throw new DemoError(`${where}: the file is empty`);
  const activity = startActivity(`reading and encoding ${path}`, { bytes: info.size });
  try {
    return await HELPERS[kind](path);
  } catch (error) {
    if (error instanceof MediaInputError)
      throw new DemoError(`${where}: ${forTheCommandLine(error.message)}`);
    throw error;
  } finally {
    activity.stop();
  }
}

/** `image(): big.png is 40 MB, over …, or raise maxBytes` → `big.png is 40 MB, over …`; `use document() or file()` → `use --file`. */
function forTheCommandLine(message: string): string {
  return message
    .replace(/^\w+\(\): /, "")
    .replace(/\buse (\w+\(\))(?: or (\w+\(\)))?/, (_all, first: string, second: string | undefined) => {
      const flags = [first, second].flatMap((helper) => (helper ? [FLAG_FOR_HELPER[helper] ?? helper] : []));
      return `use ${[...new Set(flags)].join(" or ")}`;
    })
    .replace(/, or raise maxBytes$/, "");
}
