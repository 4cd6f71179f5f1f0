import type { ChunkChoice } from "@vlmchat/types";
import { type ChoicePlan, type CompletionPlan, contentTokensOf } from "../engine/completion";

/**
 * The stream of a plan, as the `data` of each event (JSON text), in order: choices advance in turns,
 * one token per chunk; each choice starts with a `role` delta and ends with its `finish_reason`; with
 * `includeUsage` a last chunk has `choices: []` and the usage. Concatenating the deltas gives exactly
 * the non-streamed answer. `[DONE]` is not included: it is not a chunk.
 */
export function renderChunkData(plan: CompletionPlan, includeUsage: boolean): string[] {
  // Only `choices` (and `usage`) change from chunk to chunk: the rest is serialised once.
  const head = `{"id":${JSON.stringify(plan.id)},"object":"chat.completion.chunk","created":${plan.created},"model":${JSON.stringify(plan.model)},"choices":[`;
  const tail = `],"session_id":${JSON.stringify(plan.sessionId)}}`;
  const queues = plan.choices.map(choiceDeltas);
  const events: string[] = [];
  const longest = Math.max(0, ...queues.map((queue) => queue.length));
  for (let step = 0; step < longest; step++) {
    for (const queue of queues) {
      const choice = queue[step];
      if (choice !== undefined) events.push(head + JSON.stringify(choice) + tail);
    }
  }
  if (includeUsage) events.push(`${head}],"usage":${JSON.stringify(plan.usage)}${tail.slice(1)}`);
  return events;
}

function choiceDeltas(choice: ChoicePlan): ChunkChoice[] {
  const index = choice.index;
  const deltas: ChunkChoice[] = [];
  const call = choice.toolCalls?.[0];
  if (call) {
    deltas.push({
      index,
      delta: {
        role: "assistant",
        content: null,
        tool_calls: [
          { index: 0, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } },
        ],
      },
      finish_reason: null,
    });
    for (const piece of choice.argumentTokens[0] ?? []) {
      deltas.push({
        index,
        delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] },
        finish_reason: null,
      });
    }
  } else {
    deltas.push({ index, delta: { role: "assistant", content: "" }, finish_reason: null });
    const logprobs = choice.logprobs?.content;
    contentTokensOf(choice).forEach((token, position) => {
      const entry = logprobs?.[position];
      deltas.push({
        index,
        delta: { content: token },
        finish_reason: null,
        ...(entry ? { logprobs: { content: [entry], refusal: null } } : {}),
      });
    });
  }
  deltas.push({ index, delta: {}, finish_reason: choice.finishReason });
  return deltas;
}
