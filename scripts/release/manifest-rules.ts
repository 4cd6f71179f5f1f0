import { isBuiltin } from "node:module";
import type { TarEntry } from "./tarball";
import type { PackageManifest } from "./workspace";

/**
 * What a published vlmchat package must look like, checked on the packed tarball (what users get), not on
 * the workspace manifest. publint and attw check the general rules; these are ours.
 */
export function checkPackedPackage(
  packed: PackageManifest,
  files: readonly TarEntry[],
  workspace: PackageManifest,
): string[] {
  const problems: string[] = [];
  const paths = new Set(files.map((f) => f.path));
  const has = (target: string) => paths.has(target.replace(/^\.\//, ""));

  const exportsField = packed.exports;
  if (!exportsField || typeof exportsField !== "object") {
    return ["`exports` is missing: every entry point must be declared"];
  }
  if (exportsField["./package.json"] !== "./package.json") {
    problems.push('`exports["./package.json"]` must be "./package.json"');
  }
  for (const [subpath, target] of Object.entries(exportsField)) {
    if (subpath.includes("*")) problems.push(`exports "${subpath}": no wildcard subpaths`);
    if (subpath === "./package.json") continue;
    if (!target || typeof target !== "object") {
      problems.push(`exports "${subpath}": must be { "types", "default" }`);
      continue;
    }
    const conditions = Object.keys(target);
    const values = target as Record<string, unknown>;
    if (conditions[0] !== "types") problems.push(`exports "${subpath}": "types" must come first`);
    if (conditions.at(-1) !== "default") problems.push(`exports "${subpath}": "default" must come last`);
    for (const condition of conditions) {
      if (condition.includes("source")) {
        problems.push(`exports "${subpath}": the "${condition}" condition must not be published`);
      }
      const value = values[condition];
      if (typeof value !== "string") {
        problems.push(`exports "${subpath}"."${condition}": must be a path`);
      } else if (!has(value)) {
        problems.push(`exports "${subpath}"."${condition}": ${value} is not in the tarball`);
      }
    }
  }
  for (const subpath of Object.keys(workspace.exports ?? {})) {
    if (!(subpath in exportsField)) {
      problems.push(
        `exports "${subpath}" exists in the workspace but not in publishConfig.exports: add it there too`,
      );
    }
  }
  for (const subpath of Object.keys(exportsField)) {
    if (!(subpath in (workspace.exports ?? {}))) {
      problems.push(`publishConfig.exports "${subpath}" does not exist in the workspace's exports`);
    }
  }

  if (packed.publishConfig?.access !== "public") problems.push('publishConfig.access must be "public"');
  if (!Array.isArray(packed.files) || packed.files.length === 0) problems.push("`files` must be set");
  if (packed.sideEffects === undefined) problems.push("`sideEffects` must be set");
  if (typeof (packed.engines as { node?: unknown } | undefined)?.node !== "string") {
    problems.push("`engines.node` must be set");
  }
  if (typeof packed.license !== "string") problems.push("`license` must be set");
  for (const file of ["LICENSE", "README.md"]) {
    if (!paths.has(file)) problems.push(`${file} is not in the tarball`);
  }
  problems.push(...checkMetadata(packed));
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
    for (const [name, range] of Object.entries(packed[field] ?? {})) {
      if (range.startsWith("workspace:")) problems.push(`${field}.${name}: "${range}" was not replaced`);
      else if (!name.startsWith("@vlmchat/"))
        problems.push(...checkPublishedRange(`${field}.${name}`, name, range));
    }
  }
  for (const [name, range] of Object.entries(workspace.devDependencies ?? {})) {
    if (!range.startsWith("workspace:") && !exactVersion.test(range)) {
      problems.push(`devDependencies.${name}: "${range}" must be an exact version (dev tools are pinned)`);
    }
  }

  const bins = typeof packed.bin === "string" ? { [packed.name]: packed.bin } : (packed.bin ?? {});
  for (const [command, target] of Object.entries(bins)) {
    const entry = files.find((f) => f.path === target.replace(/^\.\//, ""));
    if (!entry) problems.push(`bin ${command}: ${target} is not in the tarball`);
    else if (!entry.data.toString("utf8").startsWith("#!/usr/bin/env node")) {
      problems.push(`bin ${command}: ${target} must start with "#!/usr/bin/env node"`);
    }
  }

  problems.push(...checkBundledCode(packed, files));
  return problems;
}

/**
 * The first major of a dependency that needs Node 22 (our `engines` say Node >= 20.19): a published range
 * must stay below it. Add a line when a dependency's next major drops Node 20.
 */
export const node22Majors: Readonly<Record<string, number>> = {
  "eventsource-parser": 4,
  "better-sqlite3": 13,
  msw: 3,
  "@ai-sdk/provider": 4,
};

const exactVersion = /^\d+\.\d+\.\d+$/;
const caretRange = /^\^(\d+)\.(\d+)\.(\d+)$/;

/**
 * A third-party runtime or peer range: a caret (users get patches and share one copy with their other
 * dependencies), and below the major that needs Node 22. Our own packages are pinned to the one version of
 * the fixed group (`workspace:*` becomes the exact version when packed).
 */
function checkPublishedRange(where: string, name: string, range: string): string[] {
  const caret = caretRange.exec(range);
  if (!caret) return [`${where}: "${range}" must be a caret range (^x.y.z)`];
  const major = Number(caret[1]);
  const limit = node22Majors[name];
  if (limit !== undefined && major >= limit) {
    return [`${where}: "${range}" reaches ${name} ${limit}, which needs Node 22`];
  }
  return [];
}

/** What npm shows beside the README: where the code is, where to report a bug, what to search for. */
function checkMetadata(packed: PackageManifest): string[] {
  const problems: string[] = [];
  const repository = packed.repository as { type?: unknown; url?: unknown; directory?: unknown } | undefined;
  if (typeof repository !== "object" || repository === null) {
    problems.push("`repository` must be set ({ type, url, directory })");
  } else {
    if (
      repository.type !== "git" ||
      typeof repository.url !== "string" ||
      !/^git\+https:\/\//.test(repository.url)
    ) {
      problems.push('`repository` must be { type: "git", url: "git+https://…" }');
    }
    if (typeof repository.directory !== "string" || !repository.directory.startsWith("packages/")) {
      problems.push("`repository.directory` must name the package's folder (packages/…)");
    }
  }
  if (typeof packed.homepage !== "string" || !packed.homepage.startsWith("https://")) {
    problems.push("`homepage` must be an https URL");
  }
  const bugs = packed.bugs as { url?: unknown } | undefined;
  if (typeof bugs?.url !== "string" || !bugs.url.startsWith("https://")) {
    problems.push("`bugs.url` must be an https URL");
  }
  const keywords = packed.keywords;
  if (!Array.isArray(keywords) || keywords.length === 0 || !keywords.every((k) => typeof k === "string")) {
    problems.push("`keywords` must be a non-empty list of words");
  }
  return problems;
}

/**
 * The build bundles only the package's own source: code from another workspace package or from
 * node_modules must stay an import, and every package imported must be a declared dependency.
 */
function checkBundledCode(packed: PackageManifest, files: readonly TarEntry[]): string[] {
  const problems: string[] = [];
  const declared = new Set([
    packed.name,
    ...Object.keys(packed.dependencies ?? {}),
    ...Object.keys(packed.peerDependencies ?? {}),
    ...Object.keys(packed.optionalDependencies ?? {}),
  ]);
  for (const file of files) {
    // An unbundled build writes modules it pulled in from elsewhere under their own paths.
    if (/(^|\/)(node_modules|\.\.)\//.test(file.path)) {
      problems.push(`${file.path}: a module from outside the package was built into it`);
    }
    if (!/\.(m|c)?(js|ts)$/.test(file.path)) continue;
    const code = file.data.toString("utf8");
    const outside = /\/\/#region (\.\.\/|.*node_modules)\S*/.exec(code);
    if (outside) problems.push(`${file.path}: bundles code from outside the package (${outside[0]})`);
    for (const specifier of importedSpecifiers(code)) {
      if (specifier.startsWith(".") || isBuiltin(specifier)) continue;
      const name = packageName(specifier);
      if (!declared.has(name)) {
        problems.push(`${file.path}: imports "${name}", which is not in dependencies or peerDependencies`);
      }
    }
  }
  return problems;
}

const importPatterns = [
  /\b(?:import|export)\s*(?:type\s+)?[^'";]*?\bfrom\s*["']([^"']+)["']/g,
  /\bimport\s*["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
];

/** The module specifiers a bundled file imports (bundler output is regular enough for patterns). */
export function importedSpecifiers(code: string): string[] {
  const found = new Set<string>();
  for (const pattern of importPatterns) {
    for (const match of code.matchAll(pattern)) if (match[1]) found.add(match[1]);
  }
  return [...found];
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}
