import type { Model, ModelList } from "@vlmchat/types";
import { knownModels } from "@vlmchat/validation/request";

/**
 * The models the mock serves: the spec's `KnownModel` list, in its order. The mock plays the server as
 * of the spec, so a chat request naming any other id gets a 422 (see {@link unknownModelDetail}).
 * `created` is the day each family was published.
 */
const ORION_1 = 1759276800;
const ORION_2 = 1767225600;

export const MODELS: readonly Model[] = knownModels.map((id) =>
  model(id, id.startsWith("vlmrun-orion-2") ? ORION_2 : ORION_1),
);

export const DEFAULT_MODEL = "vlmrun-orion-1:auto";

export const MODEL_LIST: ModelList = { object: "list", data: [...MODELS] };

export function findModel(id: string): Model | undefined {
  return MODELS.find((entry) => entry.id === id);
}

function model(id: string, created: number): Model {
  return { id, object: "model", created, owned_by: "vlm-run" };
}

/**
 * The 422 `detail` the mock answers for a model id it does not serve: Pydantic's `literal_error` over
 * the known ids, as a server with a closed list of models answers. (The spec and the validators take any
 * id; only the server decides.) The ids hold no quotes, so `'id'` is their Python repr.
 */
export function unknownModelDetail(input: string) {
  const quoted = MODELS.map((entry) => `'${entry.id}'`);
  const expected = `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return [
    {
      loc: ["body", "model"],
      msg: `Input should be ${expected}`,
      type: "literal_error",
      input,
      ctx: { expected },
    },
  ];
}
