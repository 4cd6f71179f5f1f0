import { readFileSync } from "node:fs";
import { type ChatSession, image } from "@vlmchat/client";
import { formatBytes } from "../format-bytes";
import { samplePath } from "../samples";
import { printStream } from "./stream-turn";
import { expectThat, type TourContext } from "./tour-context";

export const IMAGE_QUESTION = "What do you see in this picture? Describe the scene in two sentences.";

/** Step 1: a question about the bundled picture, the answer streamed as it arrives. */
export async function askAboutImage(ctx: TourContext, chat: ChatSession): Promise<string> {
  const bytes = readFileSync(samplePath("scene.png"));
  ctx.print.section(
    1,
    "Ask about a picture",
    `samples/scene.png · ${formatBytes(bytes.length)} PNG · streamed`,
  );
  ctx.print.you(`[scene.png] ${IMAGE_QUESTION}`);
  const stream = await chat.send([{ type: "text", text: IMAGE_QUESTION }, await image(bytes)], {
    stream: true,
  });
  const turn = await printStream(ctx.print, stream);
  ctx.print.note(`${turn.textChunks} chunks in ${turn.seconds.toFixed(1)} s · session ${turn.sessionId}`);
  expectThat(turn.text.trim() !== "", "the answer was empty");
  expectThat(turn.textChunks > 1, `the answer came in ${turn.textChunks} chunk(s), not as a stream`);
  expectThat(turn.sessionId !== "" && chat.id === turn.sessionId, "the answer carried no session id");
  ctx.print.ok(
    `streamed ${turn.text.length} characters; the server opened session ${turn.sessionId.slice(0, 8)}…`,
  );
  return turn.text;
}
