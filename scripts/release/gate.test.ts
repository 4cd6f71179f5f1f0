import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runGate, versionBump } from "./gate";
import { git } from "./git";

const fixtures = fileURLToPath(new URL("../spec-diff/fixtures/", import.meta.url));
let repo: string;

function write(path: string, contents: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), contents);
}
function useSpec(fixture: string): void {
  mkdirSync(join(repo, "openapi"), { recursive: true });
  cpSync(join(fixtures, fixture), join(repo, "openapi/openapi.yaml"));
}
function setVersion(version: string): void {
  for (const name of ["types", "client"]) {
    write(`packages/${name}/package.json`, JSON.stringify({ name: `@vlmchat/${name}`, version }));
  }
}
function commit(message: string): void {
  git(repo, "add", "-A");
  git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message);
}
function changeset(file: string, releases: Record<string, string>): void {
  const lines = Object.entries(releases).map(([name, bump]) => `"${name}": ${bump}`);
  write(`.changeset/${file}`, ["---", ...lines, "---", "", "What changed.", ""].join("\n"));
}
function gate(): { ok: boolean; text: string } {
  const result = runGate(repo);
  return { ok: result.ok, text: result.lines.join("\n") };
}
/** A repository as a release leaves it: spec, two published packages, a private app, tagged v0.1.0. */
function released(version = "0.1.0"): void {
  useSpec("response-field-removed/old.yaml");
  setVersion(version);
  write("packages/types/src/index.ts", "export type A = string;\n");
  write("packages/client/src/index.ts", "export const a = 1;\n");
  write("apps/demo/package.json", JSON.stringify({ name: "@vlmchat/demo", private: true }));
  write("apps/demo/src/main.ts", "console.log(1);\n");
  write(".changeset/README.md", "# Changesets\n");
  commit("release");
  git(repo, "tag", `v${version}`);
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "vlmchat-gate-"));
  git(repo, "init", "-q");
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("the changeset gate", () => {
  it("passes when nothing published changed since the release (tests, apps and docs need no changeset)", () => {
    released();
    write("packages/client/test/a.test.ts", "// a test\n");
    write("apps/demo/src/main.ts", "console.log(2);\n");
    write("README.md", "# docs\n");
    const { ok, text } = gate();
    expect(ok).toBe(true);
    expect(text).toContain("comparing with release tag v0.1.0");
    expect(text).toContain("no changeset needed");
  });

  it("fails on a source change without a changeset, naming the package and what to run", () => {
    released();
    write("packages/client/src/index.ts", "export const a = 2;\n");
    const { ok, text } = gate();
    expect(ok).toBe(false);
    expect(text).toContain("changed: packages/client/src/");
    expect(text).toContain("✗ no changeset: run `pnpm changeset`, select @vlmchat/client");
  });

  it("counts new untracked and committed files alike", () => {
    released();
    write("packages/types/src/new-file.ts", "export {};\n");
    expect(gate().ok).toBe(false);
    commit("more");
    expect(gate().ok).toBe(false);
    changeset("types.md", { "@vlmchat/types": "patch" });
    expect(gate().ok).toBe(true);
  });

  it("blocks a breaking spec change until the changeset bumps minor (0.x), and says so", () => {
    released();
    useSpec("response-field-removed/new.yaml");
    changeset("fix.md", { "@vlmchat/types": "patch" });
    const blocked = gate();
    expect(blocked.ok).toBe(false);
    expect(blocked.text).toContain("✗ breaking: response Reply.usage: field removed");
    expect(blocked.text).toContain(
      "needs at least a minor release (in 0.x a breaking change takes a minor bump)",
    );
    expect(blocked.text).toContain("pnpm spec:diff v0.1.0:openapi/openapi.yaml openapi/openapi.yaml");

    changeset("fix.md", { "@vlmchat/types": "minor" });
    expect(gate().ok).toBe(true);
  });

  it("asks for a major bump for a breaking change from 1.0.0 on", () => {
    released("1.0.0");
    useSpec("response-field-removed/new.yaml");
    changeset("fix.md", { "@vlmchat/client": "minor" });
    expect(gate()).toMatchObject({
      ok: false,
      text: expect.stringContaining("needs at least a major release"),
    });
    changeset("fix.md", { "@vlmchat/client": "major" });
    expect(gate().ok).toBe(true);
  });

  it("takes a patch for an additive spec change in 0.x, but not an empty changeset", () => {
    released();
    useSpec("response-field-added/new.yaml");
    write(".changeset/empty.md", "---\n---\n");
    expect(gate()).toMatchObject({
      ok: false,
      text: expect.stringContaining("needs at least a patch release"),
    });
    changeset("add.md", { "@vlmchat/types": "patch" });
    expect(gate().ok).toBe(true);
  });

  it("counts a version already raised by `pnpm version-packages` as the bump", () => {
    released();
    useSpec("response-field-removed/new.yaml");
    setVersion("0.1.1");
    expect(gate()).toMatchObject({ ok: false, text: expect.stringContaining("the changesets make patch") });
    setVersion("0.2.0");
    const { ok, text } = gate();
    expect(ok).toBe(true);
    expect(text).toContain("version 0.1.0 → 0.2.0");
  });

  it("recognises changesets' per-package tags", () => {
    released();
    git(repo, "tag", "-d", "v0.1.0");
    git(repo, "tag", "@vlmchat/types@0.1.0");
    write("packages/types/src/index.ts", "export type A = number;\n");
    expect(gate()).toMatchObject({
      ok: false,
      text: expect.stringContaining("release tag @vlmchat/types@0.1.0"),
    });
  });

  it("before the first release, compares with the first commit", () => {
    useSpec("response-field-removed/old.yaml");
    setVersion("0.0.0");
    write("packages/types/src/index.ts", "export type A = string;\n");
    commit("first");
    expect(gate()).toMatchObject({ ok: true, text: expect.stringContaining("the first commit") });
    write("packages/types/src/index.ts", "export type A = number;\n");
    commit("second");
    expect(gate().ok).toBe(false);
    changeset("first-release.md", { "@vlmchat/types": "minor", "@vlmchat/client": "minor" });
    expect(gate().ok).toBe(true);
  });

  it("rejects a changeset whose bump is not patch, minor or major", () => {
    released();
    write("packages/types/src/index.ts", "export type A = number;\n");
    changeset("typo.md", { "@vlmchat/types": "minr" });
    expect(() => runGate(repo)).toThrow(
      '.changeset/typo.md: "@vlmchat/types": minr is not patch, minor or major',
    );
  });

  it("passes, saying why, outside a git checkout", () => {
    const plain = mkdtempSync(join(tmpdir(), "vlmchat-gate-plain-"));
    try {
      expect(runGate(plain)).toEqual({
        ok: true,
        lines: ["changeset gate: not a git checkout with commits; nothing to compare, skipped"],
      });
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe("versionBump", () => {
  it.each([
    ["0.1.0", "0.2.0", "minor"],
    ["0.1.0", "0.1.1", "patch"],
    ["0.9.3", "1.0.0", "major"],
    ["1.2.3", "1.2.3", undefined],
    ["1.2.3", "1.1.9", undefined],
  ])("%s → %s is %s", (before, after, want) => {
    expect(versionBump(before, after)).toBe(want);
  });
});
