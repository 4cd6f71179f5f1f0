/**
 * `pnpm check:packages`: packs every published package the way `pnpm publish` does and checks the
 * tarball: our manifest rules (manifest-rules.ts), publint (strict: warnings and suggestions fail too)
 * and @arethetypeswrong/cli. Needs `pnpm build` first.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { checkPackedPackage } from "./manifest-rules";
import { packPackage, readTarball } from "./tarball";
import { type PackageManifest, publishedPackages, repoRoot } from "./workspace";

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

const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), "vlmchat-check-packages-"));
let failed = 0;
try {
  for (const pkg of publishedPackages()) {
    const pkgDir = join(repoRoot, pkg.dir);
    const problems: string[] = [];
    // While a package is being written it has no build yet; say so rather than fail. Every published
    // package gets its `build` script (tsdown) once its entries exist.
    if (!pkg.manifest.scripts?.build) {
      console.log(`- ${pkg.manifest.name}: skipped, it has no \`build\` script yet`);
      continue;
    }
    if (!existsSync(join(pkgDir, "dist"))) {
      problems.push(`${pkg.dir}/dist does not exist: run \`pnpm build\` first`);
    } else {
      const tarball = packPackage(pkgDir, workDir);
      const files = readTarball(tarball);
      const manifestFile = files.find((f) => f.path === "package.json");
      if (!manifestFile) throw new Error(`${tarball}: no package.json`);
      const packed = JSON.parse(manifestFile.data.toString("utf8")) as PackageManifest;
      problems.push(...checkPackedPackage(packed, files, pkg.manifest).map((p) => `manifest: ${p}`));

      const lint = await publint({
        pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer },
        strict: true,
      });
      for (const message of lint.messages) {
        problems.push(
          `publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false }) ?? message.code}`,
        );
      }

      try {
        execFileSync(process.execPath, [attwBin, tarball, ...attwArgs], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        problems.push(`attw:\n${stdout ?? ""}${stderr ?? ""}`);
      }
    }
    if (problems.length > 0) {
      failed++;
      console.log(`✗ ${pkg.manifest.name}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    } else {
      console.log(`✓ ${pkg.manifest.name}: manifest rules, publint --strict, attw --profile esm-only`);
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failed > 0) {
  console.log(`${failed} package(s) are not fit to publish (${seconds} s)`);
  process.exit(1);
}
console.log(`every published package is fit to publish (${seconds} s)`);
