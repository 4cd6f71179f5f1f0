import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { artifactRefs, inputFile, saveArtifact } from "@vlmchat/client/node";
import { formatBytes } from "../format-bytes";
import { startProgressBar } from "../progress";
import { samplePath } from "../samples";
import { expectThat, type TourContext } from "./tour-context";

export const FILE_QUESTION = "What is the total on this receipt?";
export const IMAGE_REQUEST = "Now draw a small poster of this receipt's store.";
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Step 5: upload once, refer to the file by id, and get back what the agent made. The receipt goes to
 * `/v1/files` (a progress bar on a terminal), is asked about by `file_id`, and an `image-gen` turn in
 * the same session makes an image whose artifact is saved into `outDir` (a new temporary folder unless
 * `--out` names one).
 */
export async function fileAndArtifact(ctx: TourContext, outDir: string | undefined): Promise<void> {
  const path = samplePath("receipt.pdf");
  const size = readFileSync(path).length;
  ctx.print.section(
    5,
    "Upload a file, get an image back",
    `samples/receipt.pdf · ${formatBytes(size)} · files.upload, input_file, image-gen, artifacts`,
  );
  const bar = startProgressBar("uploading receipt.pdf", size);
  let file: Awaited<ReturnType<typeof ctx.client.files.upload>>;
  try {
    file = await ctx.client.files.upload(path, { onProgress: ({ loaded }) => bar.update(loaded) });
  } finally {
    bar.stop();
  }
  expectThat(typeof file.id === "string" && file.bytes === size, "the upload did not answer the file");
  ctx.print.ok(`uploaded receipt.pdf as ${file.id} (${formatBytes(file.bytes)})`);

  ctx.print.you(`[file_id ${file.id}] ${FILE_QUESTION}`);
  const answer = await ctx.client.chat.completions.create({
    model: ctx.model,
    messages: [{ role: "user", content: [{ type: "text", text: FILE_QUESTION }, inputFile(file)] }],
  });
  const text = answer.choices[0]?.message.content ?? "";
  ctx.print.answer(text);
  expectThat(text.trim() !== "", "the answer about the file was empty");

  ctx.print.you(`[image-gen] ${IMAGE_REQUEST}`);
  const drawn = await ctx.client.chat.completions.create({
    model: ctx.model,
    messages: [{ role: "user", content: IMAGE_REQUEST }],
    toolsets: ["image-gen"],
    session_id: answer.session_id,
  });
  ctx.print.answer(drawn.choices[0]?.message.content ?? "");
  const [id] = artifactRefs(drawn).filter((ref) => ref.startsWith("img_"));
  expectThat(id !== undefined, "the answer named no image artifact (img_…)");
  const sessionId = drawn.session_id ?? answer.session_id ?? "";
  const artifact = await ctx.client.artifacts.retrieve({ session_id: sessionId, object_id: id });
  const folder = outDir === undefined ? mkdtempSync(join(tmpdir(), "vlmchat-artifacts-")) : resolve(outDir);
  mkdirSync(folder, { recursive: true });
  const saved = await saveArtifact(artifact, folder);
  const bytes = readFileSync(saved);
  expectThat(
    PNG_SIGNATURE.every((byte, i) => bytes[i] === byte),
    `${saved} is not a PNG (${artifact.contentType})`,
  );
  ctx.print.ok(`saved ${id} (${artifact.contentType}, ${formatBytes(bytes.length)}) to ${saved}`);
  ctx.print.note(`artifacts folder: ${folder}`);
}
