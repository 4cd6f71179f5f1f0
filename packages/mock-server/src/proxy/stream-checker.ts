import { validateChatCompletionChunk, validateStreamEvent } from "@vlmchat/validation/response";
import { fromDetail, type Violation } from "./violations";

export interface StreamExpectations {
  /** `n` of the request: every choice index below it must finish once. */
  choices: number;
  /** The request's `stream_options.include_usage`: a usage chunk must come last. */
  includeUsage: boolean;
}

interface ChoiceState {
  chunks: number;
  finished: boolean;
}

/**
 * Checks a chat completion stream event by event: each `data` against the spec (a chunk, or an error
 * event that ends the stream), and the stream's invariants — the same `id`, `created` and `model` on
 * every chunk (and `session_id` where a chunk has one), `role` on each choice's first delta, exactly one `finish_reason` per
 * choice and nothing for it afterwards, the usage chunk last, `[DONE]` at the end and nothing after it.
 */
export class StreamChecker {
  readonly violations: Violation[] = [];
  private events = 0;
  private first: Record<string, unknown> | undefined;
  private readonly choices = new Map<number, ChoiceState>();
  private usageSeen = false;
  private ended: "done" | "error" | undefined;

  constructor(private readonly expect: StreamExpectations) {}

  event(data: string): void {
    const where = `chunk ${this.events++}`;
    if (this.ended) {
      this.invariant(where, `an event after ${this.ended === "done" ? "[DONE]" : "the error event"}`);
      return;
    }
    if (data === "[DONE]") {
      this.ended = "done";
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      this.violations.push({ where, msg: "the event's data is not JSON (nor [DONE])", type: "json_invalid" });
      return;
    }
    if (value !== null && typeof value === "object" && "error" in value) {
      const checked = validateStreamEvent(value);
      if (!checked.ok) this.violations.push(...fromDetail(where, checked.detail));
      this.ended = "error";
      return;
    }
    const checked = validateChatCompletionChunk(value);
    if (!checked.ok) {
      this.violations.push(...fromDetail(where, checked.detail));
      return;
    }
    this.chunk(where, checked.value as unknown as Record<string, unknown>);
  }

  /** The stream is over: report what never came. */
  end(): Violation[] {
    if (this.ended === undefined) this.invariant("stream", "the stream ended without data: [DONE]");
    if (this.ended === "done") {
      for (let index = 0; index < this.expect.choices; index++) {
        if (!this.choices.get(index)?.finished)
          this.invariant("stream", `choice ${index} never got a finish_reason`);
      }
      if (this.expect.includeUsage && !this.usageSeen) {
        this.invariant("stream", "stream_options.include_usage was set but no usage chunk came");
      }
    }
    return this.violations;
  }

  private chunk(where: string, chunk: Record<string, unknown>): void {
    if (this.first === undefined) this.first = chunk;
    else {
      for (const key of ["id", "created", "model", "session_id"]) {
        // session_id is documented on the first chunk only: a later chunk may leave it out.
        if (key === "session_id" && chunk[key] === undefined) continue;
        if (chunk[key] !== this.first[key]) {
          this.invariant(
            where,
            `${key} changed from ${JSON.stringify(this.first[key])} to ${JSON.stringify(chunk[key])}`,
            [key],
          );
        }
      }
    }
    if (this.usageSeen) this.invariant(where, "a chunk after the usage chunk");
    const choices = chunk.choices as {
      index: number;
      delta: { role?: string };
      finish_reason: string | null;
    }[];
    if (choices.length === 0) {
      if (chunk.usage === undefined || chunk.usage === null) {
        this.invariant(where, "a chunk with no choices and no usage", ["choices"]);
      } else this.usageSeen = true;
      return;
    }
    choices.forEach((choice, i) => {
      const state = this.choices.get(choice.index) ?? { chunks: 0, finished: false };
      this.choices.set(choice.index, state);
      if (choice.index >= this.expect.choices) {
        this.invariant(
          where,
          `choice index ${choice.index} but the request asked for ${this.expect.choices}`,
          ["choices", i, "index"],
        );
      }
      if (state.finished) {
        this.invariant(where, `choice ${choice.index} continues after its finish_reason`, ["choices", i]);
      }
      if (state.chunks === 0 && choice.delta.role !== "assistant") {
        this.invariant(where, `the first delta of choice ${choice.index} has no role`, [
          "choices",
          i,
          "delta",
        ]);
      }
      state.chunks++;
      if (choice.finish_reason !== null) state.finished = true;
    });
  }

  private invariant(where: string, msg: string, loc?: (string | number)[]): void {
    this.violations.push({ where, ...(loc ? { loc } : {}), msg, type: "stream_invariant" });
  }
}
