import type { ModelId } from "@vlmchat/client";
import { knownModels } from "@vlmchat/validation";

/** The models the spec knows (its `KnownModel` list); the demo offers them, the server decides. */
export const KNOWN_MODELS: readonly ModelId[] = knownModels;

export const DEFAULT_MODEL: ModelId = "vlmrun-orion-1:fast";
