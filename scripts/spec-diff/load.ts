import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";
import type { Document } from "./refs";
import { isNode } from "./refs";

/**
 * Reads an OpenAPI document (YAML or JSON) from a file, or from git as `<rev>:<path>`
 * (`v0.1.0:openapi/openapi.yaml`, `HEAD~1:openapi/openapi.yaml`), the way `git show` names it.
 */
export function loadDocument(spec: string, cwd = process.cwd()): Document {
  let text: string;
  const path = resolve(cwd, spec);
  if (existsSync(path)) text = readFileSync(path, "utf8");
  else if (/^[^:]+:.+/.test(spec)) {
    try {
      text = execFileSync("git", ["show", spec], {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch {
      throw new Error(`${spec}: no such file, and git cannot show it`);
    }
  } else throw new Error(`${spec}: no such file`);
  return parseDocument(text, spec);
}

export function parseDocument(text: string, name: string): Document {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${name}: not valid YAML or JSON (${(error as Error).message.split("\n")[0]})`);
  }
  if (!isNode(document) || typeof document.openapi !== "string") {
    throw new Error(`${name}: not an OpenAPI document (no \`openapi\` version field)`);
  }
  return document;
}
