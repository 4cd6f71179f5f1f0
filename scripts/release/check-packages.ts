/**
 * `pnpm check:packages`: packs every published package the way `pnpm publish` does and checks the
 * tarball: our manifest rules (manifest-rules.ts), publint (strict: warnings and suggestions fail too)
 * and @arethetypeswrong/cli. Needs `pnpm build` first.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { checkPackedPackage } from "./manifest-rules";
import { attempt } from "./run";
import { packPackage, readTarball } from "./tarball";
import { type PackageManifest, publishedPackages, repoRoot, type WorkspacePackage } from "./workspace";

/**
 * attw's `esm-only` profile: the packages ship ESM only (RELEASING.md, "Why ESM only"), so attw's
 * `node10` and `node16 (from CJS)` columns can only say "ESM (dynamic import only)" or "no resolution".
 * That is the intended shape, not a defect: Node >= 20.19 (our `engines`) `require()`s ESM, and
 * TypeScript >= 5.8 types it under `module: nodenext`; attw 0.18.5 analyses with TypeScript 5.6, which
 * predates both. Every other rule stays on, and the `node16 (from ESM)` and `bundler` columns must be clean.
 */
const attwArgs = ["--profile", "esm-only", "--no-emoji", "--no-color", "--format", "table-flipped"];

const attwBin = join(
  dirname(createRequire(import.meta.url).resolve("@arethetypeswrong/cli/package.json")),
  "dist/index.js",
);

/** Packs one package and returns what is wrong with the tarball (nothing, when it is fit to publish). */
async function checkPackage(pkg: WorkspacePackage, workDir: string): Promise<string[]> {
  const pkgDir = join(repoRoot, pkg.dir);
  if (pkg.manifest.scripts?.build !== "tsdown") {
    return [
      '`scripts.build` must be "tsdown" (with a tsdown.config.ts using tsdown.shared.ts): see RELEASING.md',
    ];
  }
  if (!existsSync(join(pkgDir, "dist"))) return [`${pkg.dir}/dist does not exist: run \`pnpm build\` first`];
  const tarball = packPackage(pkgDir, workDir);
  const files = readTarball(tarball);
  const manifestFile = files.find((f) => f.path === "package.json");
  if (!manifestFile) throw new Error(`${tarball}: no package.json`);
  const packed = JSON.parse(manifestFile.data.toString("utf8")) as PackageManifest;
  const problems = checkPackedPackage(packed, files, pkg.manifest).map((p) => `manifest: ${p}`);

  const lint = await publint({
    pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer },
    strict: true,
  });
  for (const message of lint.messages) {
    problems.push(
      `publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false }) ?? message.code}`,
    );
  }
  const attw = await attempt(process.execPath, [attwBin, tarball, ...attwArgs], { cwd: workDir });
  if (attw.code !== 0) problems.push(`attw:\n${attw.output}`);
  return problems;
}

const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), "vlmchat-check-packages-"));
let failed = 0;
try {
  const packages = publishedPackages();
  // attw starts a TypeScript of its own per package: the packages are checked side by side.
  const results = await Promise.all(packages.map((pkg) => checkPackage(pkg, workDir)));
  packages.forEach((pkg, i) => {
    const problems = results[i] ?? [];
    if (problems.length > 0) {
      failed++;
      console.log(`✗ ${pkg.manifest.name}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    } else {
      console.log(`✓ ${pkg.manifest.name}: manifest rules, publint --strict, attw --profile esm-only`);
    }
  });
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failed > 0) {
  console.log(`${failed} package(s) are not fit to publish (${seconds} s)`);
  process.exit(1);
}
console.log(`every published package is fit to publish (${seconds} s)`);
