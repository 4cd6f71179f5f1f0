import type { CoreContext, Exchange } from "../context";
import type { MockAnswer } from "../core/message";
import { detail, jsonText } from "../http/respond";
import { playReadFault } from "./read-only";

/** `GET /v1/openai/_vlmchat/poll/{id}`: the poll URL of a `redirect` fault's 303. */
export async function pollCompletion(
  ctx: CoreContext,
  exchange: Exchange,
  jobId: string,
): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "pollCompletion");
  if (faulted) return faulted;
  const answer = ctx.pollJobs.poll(jobId);
  if (answer.state === "unknown") {
    return detail(404, `No long-running completion ${jobId} (unknown, or expired after 10 minutes)`);
  }
  if (answer.state === "pending") {
    return detail(202, "The completion is not ready yet; poll again.", { "retry-after": "0" });
  }
  return jsonText(200, answer.body);
}
