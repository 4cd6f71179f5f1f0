/**
 * Every ```ts block of every package README type-checks under `strict`, as a module of its own placed in
 * the package's folder: it imports the packages by name (the package itself included), as a user's code
 * does. What each example does at run time is tested by the package's own test/readme.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../release/workspace";

interface Block {
  readonly readme: string;
  readonly line: number;
  readonly file: string;
  readonly code: string;
}

function tsBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const entry of readdirSync(join(repoRoot, "packages"))) {
    const readme = `packages/${entry}/README.md`;
    let text: string;
    try {
      text = readFileSync(join(repoRoot, readme), "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
      const line = text.slice(0, match.index).split("\n").length;
      // Beside the README, so that its imports resolve from the package's own node_modules and exports.
      const file = join(repoRoot, `packages/${entry}/README.md.line${line}.ts`);
      blocks.push({ readme, line, file, code: match[1] ?? "" });
    }
  }
  return blocks;
}

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  customConditions: ["@vlmchat/source"],
  moduleDetection: ts.ModuleDetectionKind.Force,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
  typeRoots: [join(repoRoot, "node_modules/@types")],
};

/**
 * Blocks that list a constructor's options with a comment each (`apiKey, // default …`), not examples:
 * they are not yet written as code that compiles. Each must still fail, so that fixing one removes it here.
 */
const optionLists = [
  { readme: "packages/client/README.md", starts: "const client = new VlmChat({\n  apiKey, //" },
];
const isOptionList = (block: Block) =>
  optionLists.some((o) => o.readme === block.readme && block.code.startsWith(o.starts));

const blocks = tsBlocks();
const program = (() => {
  const virtual = new Map(blocks.map((b) => [b.file, b.code]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const code = virtual.get(name);
    return code === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, code, language, true);
  };
  return ts.createProgram([...virtual.keys()], options, host);
})();

describe("README TypeScript blocks compile under strict", () => {
  it("finds the blocks", () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it.each(blocks.map((b) => [`${b.readme}:${b.line}`, b] as const))("%s", (_where, block) => {
    const source = program.getSourceFile(block.file);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((d) => {
      const at =
        d.start === undefined
          ? ""
          : `line ${(source?.getLineAndCharacterOfPosition(d.start).line ?? 0) + 1}: `;
      return `${at}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    if (isOptionList(block)) expect(diagnostics).not.toEqual([]);
    else expect(diagnostics).toEqual([]);
  });

  it("every listed option list still exists", () => {
    for (const list of optionLists) {
      expect(blocks.some((b) => b.readme === list.readme && b.code.startsWith(list.starts))).toBe(true);
    }
  });
});
