import type { ChatSession } from "@vlmchat/client";
import { printStream } from "./stream-turn";
import { expectThat, type TourContext } from "./tour-context";

export const FOLLOW_UP = "What was my previous question about?";

/**
 * Step 2: a follow-up that sends only the new message; the session id makes the server recall the
 * first turn. The check is the one that holds for any server: the answer comes back on the same session.
 */
export async function followUp(ctx: TourContext, chat: ChatSession): Promise<void> {
  const sessionId = chat.id;
  ctx.print.section(2, "Follow up in the same session", "only the new message is sent, with the session id");
  ctx.print.you(FOLLOW_UP);
  const turn = await printStream(ctx.print, await chat.send(FOLLOW_UP, { stream: true }));
  ctx.print.note(`${turn.textChunks} chunks in ${turn.seconds.toFixed(1)} s · session ${turn.sessionId}`);
  expectThat(turn.text.trim() !== "", "the answer was empty");
  expectThat(
    turn.sessionId === sessionId,
    `the answer came back on session ${turn.sessionId || "(none)"}, not ${sessionId}`,
  );
  ctx.print.ok("same session: the server kept the conversation, the client sent one message");
}
