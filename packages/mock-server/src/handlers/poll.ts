import type { Exchange, ServerContext } from "../context";
import { sendDetail, sendJsonText } from "../http/respond";
import { playReadFault } from "./read-only";

/** `GET /v1/openai/_vlmchat/poll/{id}`: the poll URL of a `redirect` fault's 303. */
export async function pollCompletion(ctx: ServerContext, exchange: Exchange, jobId: string): Promise<void> {
  if (await playReadFault(ctx, exchange, "pollCompletion")) return;
  const answer = ctx.pollJobs.poll(jobId);
  if (answer.state === "unknown") {
    return sendDetail(
      exchange.res,
      404,
      `No long-running completion ${jobId} (unknown, or expired after 10 minutes)`,
    );
  }
  if (answer.state === "pending") {
    return sendDetail(exchange.res, 202, "The completion is not ready yet; poll again.", {
      "retry-after": "0",
    });
  }
  sendJsonText(exchange.res, 200, answer.body);
}
