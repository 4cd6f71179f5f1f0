import { InvalidArgumentError, type SharedV3ProviderOptions } from "@ai-sdk/provider";
import type { AgentSkill, ImageDetail, Toolset } from "@vlmchat/client";

/** What a call takes in `providerOptions.vlmrun`. */
export interface VlmRunProviderOptions {
  /** Continue this session: the server holds its earlier turns, so only the new messages are sent. */
  sessionId?: string;
  /** The agent's toolsets (`core`, `document`, `image`, `image-gen`, `video`, `viz`, `web`, `world-gen`). */
  toolsets?: Toolset[];
  /** Agent skills, by reference or inline. */
  skills?: AgentSkill[];
  /** Model-specific tool providers. */
  models?: string[];
  /** Whether the server generates previews. */
  preview?: boolean;
  /** Tags kept with the request, e.g. `dataset_name`, `experiment_id`. */
  metadata?: Record<string, unknown>;
}

/** What a file part takes in its own `providerOptions.vlmrun`. */
export interface VlmRunFilePartOptions {
  /** `image_url.detail` / `file_url.detail`: how closely the model looks. */
  detail?: ImageDetail;
}

const KNOWN = new Set(["sessionId", "toolsets", "skills", "models", "preview", "metadata"]);

/** `providerOptions.vlmrun` of a call, checked: a wrong type is an `InvalidArgumentError` naming the key. */
export function readProviderOptions(
  providerOptions: SharedV3ProviderOptions | undefined,
): VlmRunProviderOptions {
  const given = providerOptions?.vlmrun;
  if (given === undefined) return {};
  const fail = (key: string, expected: string) =>
    new InvalidArgumentError({
      argument: `providerOptions.vlmrun.${key}`,
      message: `providerOptions.vlmrun.${key} must be ${expected}, got ${JSON.stringify(given[key])}`,
    });
  for (const key of Object.keys(given)) {
    if (!KNOWN.has(key)) {
      throw new InvalidArgumentError({
        argument: `providerOptions.vlmrun.${key}`,
        message: `providerOptions.vlmrun has no option "${key}" (known: ${[...KNOWN].join(", ")})`,
      });
    }
  }
  const { sessionId, toolsets, skills, models, preview, metadata } = given;
  if (sessionId !== undefined && (typeof sessionId !== "string" || sessionId === "")) {
    throw fail("sessionId", "a non-empty string");
  }
  if (toolsets !== undefined && !isStringArray(toolsets)) throw fail("toolsets", "an array of strings");
  if (models !== undefined && !isStringArray(models)) throw fail("models", "an array of strings");
  if (skills !== undefined && !(Array.isArray(skills) && skills.every(isPlainObject))) {
    throw fail("skills", "an array of skill objects");
  }
  if (preview !== undefined && typeof preview !== "boolean") throw fail("preview", "a boolean");
  if (metadata !== undefined && !isPlainObject(metadata)) throw fail("metadata", "an object");
  return given as VlmRunProviderOptions;
}

/** `providerOptions.vlmrun.detail` of a file part, checked. */
export function readDetail(providerOptions: SharedV3ProviderOptions | undefined): ImageDetail | undefined {
  const detail = providerOptions?.vlmrun?.detail;
  if (detail === undefined) return undefined;
  if (detail !== "auto" && detail !== "low" && detail !== "high") {
    throw new InvalidArgumentError({
      argument: "providerOptions.vlmrun.detail",
      message: `providerOptions.vlmrun.detail must be "auto", "low" or "high", got ${JSON.stringify(detail)}`,
    });
  }
  return detail;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
