import type { InlineSkill, SkillReference } from "@vlmchat/types";
import { MediaInputError } from "../errors";
import { toBase64 } from "./base64";

export interface SkillVersionOptions {
  /** The skill's version, e.g. `20260219-abc123` (the server uses `latest` when it is left out). */
  readonly version?: string;
}

/** A stored skill by name: `{type: "skill_reference", skill_name, skill_version?}`. */
export function skill(name: string, options: SkillVersionOptions = {}): SkillReference {
  return reference("skill()", "skill_name", name, options);
}

/** A stored skill by id (the id wins over a name on the server): `{type: "skill_reference", skill_id, …}`. */
export function skillById(id: string, options: SkillVersionOptions = {}): SkillReference {
  return reference("skillById()", "skill_id", id, options);
}

export interface InlineSkillInput {
  /** The skill's name. */
  readonly name: string;
  /** What the skill does. */
  readonly description?: string;
  /** The zip archive of the skill's folder (a `SKILL.md` at its root): its bytes, or their base64. */
  readonly zip: Uint8Array | string;
}

/**
 * A skill sent with the request: `{type: "inline", name, description?, source: {type: "base64",
 * media_type: "application/zip", data}}`.
 */
export function inlineSkill(input: InlineSkillInput): InlineSkill {
  if (typeof input?.name !== "string" || input.name === "")
    throw new MediaInputError("inlineSkill(): name must be a non-empty string");
  const data = typeof input.zip === "string" ? input.zip : toBase64(input.zip);
  if (data === "") throw new MediaInputError("inlineSkill(): the zip is empty");
  return {
    type: "inline",
    name: input.name,
    ...(input.description !== undefined && { description: input.description }),
    source: { type: "base64", media_type: "application/zip", data },
  };
}

function reference(
  helper: string,
  key: "skill_name" | "skill_id",
  value: string,
  options: SkillVersionOptions,
): SkillReference {
  if (typeof value !== "string" || value === "")
    throw new MediaInputError(`${helper}: give a non-empty string`);
  const version = options.version === undefined ? {} : { skill_version: options.version };
  return { type: "skill_reference", [key]: value, ...version } as SkillReference;
}
