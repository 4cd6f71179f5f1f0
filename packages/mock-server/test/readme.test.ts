import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The fenced block right after an HTML comment marker. */
function blockAfter(marker: string): string {
  const match = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`README.md has no code block after <!-- ${marker} -->`);
  return match[1];
}

/** Runs a TypeScript block as a user's module file in this package (so it imports packages by name). */
function runTypeScript(code: string): string {
  const file = join(packageDir, `.readme-example-${process.pid}-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, code);
  try {
    return execFileSync(process.execPath, ["--conditions=@vlmchat/source", "--import", "tsx", file], {
      cwd: packageDir,
      encoding: "utf8",
    });
  } finally {
    rmSync(file, { force: true });
  }
}

describe("README", () => {
  it("the first example prints what the README says it prints", () => {
    // Run as a user runs it: its own TypeScript module in the package, importing the package by name.
    const printed = runTypeScript(blockAfter("readme-example"));
    expect(printed.trimEnd()).toBe(blockAfter("readme-example-output"));
  });

  it.each(["readme-mock-fetch", "readme-msw"])(
    "the port-less example %s prints what the README says it prints (no socket, no network)",
    (marker) => {
      expect(runTypeScript(blockAfter(marker)).trimEnd()).toBe(blockAfter(`${marker}-output`));
    },
  );

  it("the port-less examples compile under the repository's strict TypeScript settings", () => {
    const dir = join(packageDir, `.readme-check-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, "mock-fetch.ts"), blockAfter("readme-mock-fetch"));
      writeFileSync(join(dir, "msw.ts"), blockAfter("readme-msw"));
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          extends: "../../../tsconfig.base.json",
          compilerOptions: { types: ["node"] },
          include: ["*.ts"],
        }),
      );
      // Throws, with tsc's messages, when an example does not compile.
      execFileSync(process.execPath, [join(packageDir, "node_modules/typescript/bin/tsc"), "-p", dir], {
        encoding: "utf8",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists every fault directive the parser knows", async () => {
    const { parseFault } = await import("../src/faults/parse");
    const known =
      /known: ([^)]*)\)/.exec((parseFault("nope") as { detail: string }).detail)?.[1]?.split(", ") ?? [];
    expect(known.length).toBeGreaterThan(5);
    for (const directive of known) expect(readme).toContain(`| \`${directive}`);
  });
});
