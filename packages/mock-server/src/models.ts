import type { Model, ModelList } from "@vlmchat/types";

/**
 * The models the mock serves: the spec's `ModelId` enum, in its order (a test keeps the two equal).
 * `created` is the day each family was published.
 */
const ORION_1 = 1759276800;
const ORION_2 = 1767225600;

export const MODELS: readonly Model[] = [
  model("vlmrun-orion-1", ORION_1),
  model("vlmrun-orion-1:auto", ORION_1),
  model("vlmrun-orion-1:fast", ORION_1),
  model("vlmrun-orion-1:pro", ORION_1),
  model("vlmrun-orion-1:lite", ORION_1),
  model("vlmrun-orion-2:fast", ORION_2),
  model("vlmrun-orion-2:auto", ORION_2),
  model("vlmrun-orion-2:pro", ORION_2),
];

export const DEFAULT_MODEL = "vlmrun-orion-1:auto";

export const MODEL_LIST: ModelList = { object: "list", data: [...MODELS] };

export function findModel(id: string): Model | undefined {
  return MODELS.find((entry) => entry.id === id);
}

function model(id: string, created: number): Model {
  return { id, object: "model", created, owned_by: "vlm-run" };
}
