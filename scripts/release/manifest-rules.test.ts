import { describe, expect, it } from "vitest";
import { checkPackedPackage, importedSpecifiers } from "./manifest-rules";
import type { TarEntry } from "./tarball";
import type { PackageManifest } from "./workspace";

const file = (path: string, text = "", mode = 0o644): TarEntry => ({ path, mode, data: Buffer.from(text) });

const workspace: PackageManifest = {
  name: "@vlmchat/demo-lib",
  version: "1.0.0",
  devDependencies: { "@vlmchat/mock-server": "workspace:*", vitest: "4.1.12" },
  exports: {
    ".": { "@vlmchat/source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./package.json": "./package.json",
  },
};

const good: PackageManifest = {
  name: "@vlmchat/demo-lib",
  version: "1.0.0",
  license: "Apache-2.0",
  type: "module",
  sideEffects: false,
  engines: { node: ">=20.19" },
  files: ["dist"],
  exports: {
    ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./package.json": "./package.json",
  },
  publishConfig: { access: "public" },
  repository: {
    type: "git",
    url: "git+https://github.com/vlmchat/vlmchat.git",
    directory: "packages/demo-lib",
  },
  homepage: "https://github.com/vlmchat/vlmchat/tree/main/packages/demo-lib#readme",
  bugs: { url: "https://github.com/vlmchat/vlmchat/issues" },
  keywords: ["vlmrun"],
  dependencies: { "@vlmchat/types": "1.0.0", zod: "^4.6.7", "eventsource-parser": "^3.1.1" },
  peerDependencies: { msw: "^2.0.0" },
};

const goodFiles = [
  file("package.json"),
  file("LICENSE"),
  file("README.md"),
  file("dist/index.js", 'import { z } from "zod";\nimport "node:fs";\nexport * from "./chunk.js";'),
  file("dist/index.d.ts", 'import type { ChatCompletion } from "@vlmchat/types";'),
];

interface Row {
  name: string;
  packed: PackageManifest;
  files?: TarEntry[];
  ws?: PackageManifest;
  want: string[];
}

const rows: Row[] = [
  { name: "a well-formed package", packed: good, want: [] },
  {
    name: "the source condition leaked into the published manifest",
    packed: {
      ...good,
      exports: {
        ".": { "@vlmchat/source": "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
        "./package.json": "./package.json",
      },
    },
    want: [
      'exports ".": "types" must come first',
      'exports ".": the "@vlmchat/source" condition must not be published',
      'exports "."."@vlmchat/source": ./src/index.ts is not in the tarball',
    ],
  },
  {
    name: "default before types, a wildcard and no ./package.json",
    packed: {
      ...good,
      exports: {
        ".": { default: "./dist/index.js", types: "./dist/index.d.ts" },
        "./*": { types: "./dist/*.d.ts", default: "./dist/*.js" },
      },
    },
    want: [
      '`exports["./package.json"]` must be "./package.json"',
      'exports ".": "types" must come first',
      'exports ".": "default" must come last',
      'exports "./*": no wildcard subpaths',
      'exports "./*"."types": ./dist/*.d.ts is not in the tarball',
      'exports "./*"."default": ./dist/*.js is not in the tarball',
      'exports "./package.json" exists in the workspace but not in publishConfig.exports: add it there too',
      'publishConfig.exports "./*" does not exist in the workspace\'s exports',
    ],
  },
  {
    name: "a subpath the package owner added but publishConfig.exports lacks",
    packed: good,
    ws: { ...workspace, exports: { ...workspace.exports, "./zod": { types: "x", default: "y" } } },
    want: ['exports "./zod" exists in the workspace but not in publishConfig.exports: add it there too'],
  },
  {
    name: "unpublishable metadata",
    packed: {
      ...good,
      sideEffects: undefined,
      engines: undefined,
      files: undefined,
      publishConfig: {},
      dependencies: { "@vlmchat/types": "workspace:*", zod: "^4.6.7" },
    },
    files: goodFiles.filter((f) => f.path !== "LICENSE"),
    want: [
      'publishConfig.access must be "public"',
      "`files` must be set",
      "`sideEffects` must be set",
      "`engines.node` must be set",
      "LICENSE is not in the tarball",
      'dependencies.@vlmchat/types: "workspace:*" was not replaced',
    ],
  },
  {
    name: "no repository, homepage, bugs or keywords",
    packed: { ...good, repository: undefined, homepage: undefined, bugs: undefined, keywords: [] },
    want: [
      "`repository` must be set ({ type, url, directory })",
      "`homepage` must be an https URL",
      "`bugs.url` must be an https URL",
      "`keywords` must be a non-empty list of words",
    ],
  },
  {
    name: "a repository without its package's directory",
    packed: { ...good, repository: { type: "git", url: "https://github.com/vlmchat/vlmchat" } },
    want: [
      '`repository` must be { type: "git", url: "git+https://…" }',
      "`repository.directory` must name the package's folder (packages/…)",
    ],
  },
  {
    name: "exact, loose and Node-22 ranges; an unpinned dev tool",
    packed: {
      ...good,
      dependencies: { "@vlmchat/types": "1.0.0", zod: "4.6.7", "openapi-fetch": ">=0.17.0" },
      peerDependencies: { msw: "^3.0.0", "better-sqlite3": "^12.0.0" },
      optionalDependencies: { "eventsource-parser": "^4.1.0" },
    },
    ws: { ...workspace, devDependencies: { vitest: "^4.1.12", typescript: "~5.9.3" } },
    want: [
      'dependencies.zod: "4.6.7" must be a caret range (^x.y.z)',
      'dependencies.openapi-fetch: ">=0.17.0" must be a caret range (^x.y.z)',
      'peerDependencies.msw: "^3.0.0" reaches msw 3, which needs Node 22',
      'optionalDependencies.eventsource-parser: "^4.1.0" reaches eventsource-parser 4, which needs Node 22',
      'devDependencies.vitest: "^4.1.12" must be an exact version (dev tools are pinned)',
      'devDependencies.typescript: "~5.9.3" must be an exact version (dev tools are pinned)',
    ],
  },
  {
    name: "code bundled from another workspace package, an undeclared import, a bin without shebang",
    packed: { ...good, bin: { "vlmchat-demo": "./dist/cli.js" } },
    files: [
      ...goodFiles.filter((f) => !f.path.startsWith("dist/index.js")),
      file("dist/index.js", '//#region ../validation/src/request.ts\nimport Ajv from "ajv/dist/runtime";'),
      file("dist/cli.js", 'import "./index.js";'),
      file("dist/node_modules/.pnpm/ajv@8.20.0/node_modules/ajv/dist/runtime/equal.js", "export {};"),
    ],
    want: [
      'bin vlmchat-demo: ./dist/cli.js must start with "#!/usr/bin/env node"',
      "dist/index.js: bundles code from outside the package (//#region ../validation/src/request.ts)",
      'dist/index.js: imports "ajv", which is not in dependencies or peerDependencies',
      "dist/node_modules/.pnpm/ajv@8.20.0/node_modules/ajv/dist/runtime/equal.js: a module from outside the package was built into it",
    ],
  },
];

describe("checkPackedPackage", () => {
  it.each(rows)("$name", ({ packed, files = goodFiles, ws = workspace, want }) => {
    expect(checkPackedPackage(packed, files, ws)).toEqual(want);
  });
});

describe("importedSpecifiers", () => {
  it("finds static, side-effect, dynamic, re-export and require specifiers", () => {
    const code = [
      'import { a } from "a";',
      'import type { B } from "@scope/b/sub";',
      'export { c } from "./c.js";',
      'import "d";',
      'const e = await import("e");',
      'const f = require("f");',
    ].join("\n");
    expect(importedSpecifiers(code).sort()).toEqual(["./c.js", "@scope/b/sub", "a", "d", "e", "f"]);
  });
});
