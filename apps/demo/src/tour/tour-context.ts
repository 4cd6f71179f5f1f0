import type { ModelId, VlmChat } from "@vlmchat/client/node";
import type { Backend } from "../backend";
import type { TourPrinter } from "./printer";

/** What every step of the tour gets: where to send, how to print, which model. */
export interface TourContext {
  readonly backend: Backend;
  readonly client: VlmChat;
  readonly print: TourPrinter;
  readonly model: ModelId;
}

/** A step that did not go as expected; the tour reports it and exits non-zero. */
export class StepFailed extends Error {
  override readonly name = "StepFailed";
}

export function expectThat(condition: unknown, problem: string): asserts condition {
  if (!condition) throw new StepFailed(problem);
}
