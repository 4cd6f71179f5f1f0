/** What every README must say, and what none may. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishedPackages, repoRoot } from "../release/workspace";

const markdown = [
  "README.md",
  "RELEASING.md",
  ...readdirSync(join(repoRoot, "packages")).map((p) => `packages/${p}/README.md`),
  "apps/demo/README.md",
].flatMap((path) => {
  try {
    return [{ path, text: readFileSync(join(repoRoot, path), "utf8") }];
  } catch {
    return [];
  }
});

describe("READMEs", () => {
  it.each(markdown.map((m) => [m.path, m.text]))(
    "%s never tells anyone to npx the unscoped vlmchat-mock (a name we do not own)",
    (_path, text) => {
      expect(text).not.toMatch(/npx\s+(-y\s+|--yes\s+)?vlmchat-mock/);
    },
  );

  it.each(publishedPackages().map((p) => [p.manifest.name, p.dir]))(
    "%s's README says it is ESM only and what a CommonJS project does",
    (_name, dir) => {
      const text = readFileSync(join(repoRoot, dir, "README.md"), "utf8");
      expect(text).toMatch(/ESM only/);
      expect(text).toMatch(/CommonJS/);
    },
  );
});
