import type { ModelId } from "@vlmchat/client";
import { ModelIdSchema } from "@vlmchat/validation/zod";
import { DemoError } from "./errors";

/** The models the spec knows (its `ModelId` enum). */
export const KNOWN_MODELS: readonly ModelId[] = ModelIdSchema.options;

export const DEFAULT_MODEL: ModelId = "vlmrun-orion-1:fast";

/** `model` as a `ModelId`, or one line naming the models there are. */
export function checkModel(model: string): ModelId {
  const known = KNOWN_MODELS.find((id) => id === model);
  if (known) return known;
  throw new DemoError(`unknown model '${model}'; the API's models are: ${KNOWN_MODELS.join(", ")}`);
}
