/**
 * `pnpm test:release` runs this after `pnpm check:packages`: the whole release flow, for real, on
 * loopback only.
 *
 *  1. Verdaccio 6.8.0 on 127.0.0.1 (free port, storage in a temp dir, no uplinks). The third-party
 *     packages a consumer needs are copied into it from the workspace's own install (consume/mirror.ts),
 *     so no install reaches the internet.
 *  2. A copy of the repository: `pnpm version-packages`, then `pnpm release` (build, check:packages,
 *     `changeset publish`) into Verdaccio.
 *  3. For each package, a fresh npm project outside the workspace installs it alone and proves: its
 *     `node_modules` fits the package's byte budget and nothing in it has an install script; subpaths
 *     that need no optional peer load without them; every subpath imports (ESM) and requires (CommonJS,
 *     Node's require(esm)); runtime checks; `tsc --noEmit`
 *     under moduleResolution node16 and bundler; the published manifest carries no source condition.
 *     An app with the client and the mock server streams a completion from the mock's CLI.
 *  4. A spec change: an optional request field, `pnpm generate`, the changeset gate refusing it without a
 *     changeset, `spec:diff` calling it an addition, a changeset, version, release; the consumers upgrade
 *     and see the new field in their types and validators.
 *
 * Bounded: every command has a timeout and the whole run a deadline. Temp files are removed at the end
 * (set VLMCHAT_KEEP_RELEASE_TMP=1 to keep them).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientAgainstMock, importEverySubpath, packageChecks } from "./consume/checks";
import { ConsumerProject, tsconfigs } from "./consume/consumer";
import { diskBytes, installedSizes, packagesWithInstallScripts } from "./consume/install-size";
import { type BinaryHost, mirrorPackages, startBinaryHost, thirdPartyClosure } from "./consume/mirror";
import { type Registry, startRegistry } from "./consume/registry";
import { copyRepo } from "./consume/repo-copy";
import { addOptionalRequestField, probeField } from "./consume/spec-change";
import { attempt, children, run } from "./run";
import { type PackageManifest, publishedPackages, repoRoot } from "./workspace";

const deadlineMs = 15 * 60_000;
const started = performance.now();
const timings: [string, number][] = [];

/** Runs one named step and reports its time; string[] results are notes printed under it. */
async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  console.log(`▶ ${name}`);
  const result = await action();
  const seconds = (performance.now() - t0) / 1000;
  timings.push([name, seconds]);
  console.log(`✓ ${name} (${seconds.toFixed(1)} s)`);
  if (Array.isArray(result)) for (const note of result) console.log(`    ${note}`);
  return result;
}

/** Runs `task` over `items`, at most `size` at a time; the first failure fails the whole. */
async function inPool<T>(
  items: readonly T[],
  size: number,
  task: (item: T) => Promise<unknown>,
): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** The environment of every command: nothing inherited from the pnpm that runs us, the registry set. */
function commandEnv(work: string, registry: Registry, binaryHost: BinaryHost | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm|pnpm)_(config|package|lifecycle)_/i.test(key)) env[key] = value;
  }
  writeFileSync(join(work, "npmrc"), registry.npmrc);
  Object.assign(env, {
    npm_config_registry: registry.url,
    npm_config_userconfig: join(work, "npmrc"),
    npm_config_cache: join(work, "npm-cache"),
    npm_config_update_notifier: "false",
    npm_config_audit: "false",
    npm_config_fund: "false",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    FORCE_COLOR: "0",
  });
  if (binaryHost) env.npm_config_better_sqlite3_binary_host = binaryHost.url;
  // Without the binary host, better-sqlite3 compiles: against the headers Node ships here, never downloaded ones.
  if (existsSync("/usr/include/node/node.h")) env.npm_config_nodedir = "/usr";
  return env;
}

function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;
}

/** Subpaths whose types need the DOM lib because their peer's types do (msw's reference DOM types). */
const DOM_SUBPATHS: Record<string, string[]> = { "@vlmchat/mock-server": ["./msw"] };

async function main(work: string): Promise<void> {
  const packages = publishedPackages();
  const names = new Set(packages.map((p) => p.manifest.name));
  for (const name of [
    "@vlmchat/types",
    "@vlmchat/validation",
    "@vlmchat/client",
    "@vlmchat/mock-server",
    "@vlmchat/ai-sdk",
  ]) {
    assert.ok(names.has(name), `${name} is not among the published packages`);
  }

  const registry = await step("start Verdaccio (loopback, no uplinks)", () =>
    startRegistry(join(work, "registry")),
  );
  cleanups.push(() => registry.stop());
  const closure = thirdPartyClosure(
    packages.map((p) => join(repoRoot, p.dir)),
    Object.values(packageChecks).flatMap((checks) => checks.optionalPeers?.packages ?? []),
  );
  const binaryHost = await startBinaryHost(
    closure.find((p) => p.name === "better-sqlite3"),
    work,
    process.env,
  );
  if (binaryHost) cleanups.push(() => binaryHost.close());
  const env = commandEnv(work, registry, binaryHost);

  const repo = join(work, "repo");
  const git = (...args: string[]) =>
    run("git", ["-c", "user.name=release", "-c", "user.email=release@vlmchat.invalid", ...args], {
      cwd: repo,
      env,
    });
  const pnpm = (...args: string[]) => run("pnpm", args, { cwd: repo, env, timeoutMs: 300_000 });

  const mirrored = step(`mirror ${closure.length} third-party packages into Verdaccio`, () =>
    mirrorPackages(closure, registry, join(work, "mirror"), env),
  );
  const firstVersion = await step(
    "copy the repository, install it offline, `pnpm version-packages`",
    async () => {
      mkdirSync(join(work, "mirror"), { recursive: true });
      await copyRepo(repoRoot, repo, env);
      writeFileSync(join(repo, ".npmrc"), `${readFileSync(join(repo, ".npmrc"), "utf8")}\n${registry.npmrc}`);
      await git("init", "-q", "-b", "main");
      await git("add", "-A");
      await git("commit", "-q", "-m", "snapshot of the working tree");
      const before = readManifest(join(repo, packages[0]?.dir ?? "")).version;
      await pnpm("version-packages");
      const after = readManifest(join(repo, packages[0]?.dir ?? "")).version;
      assert.notEqual(
        after,
        before,
        "`pnpm version-packages` must raise the version (is there a pending changeset?)",
      );
      await git("add", "-A");
      await git("commit", "-q", "-m", `release ${after}`);
      return after;
    },
  );
  await step(`\`pnpm release\` ${firstVersion} (build, check:packages, changeset publish)`, async () => {
    await pnpm("release");
    for (const name of names) await assertPublished(registry, name, firstVersion);
    const tags = await git("tag", "--list");
    for (const name of names) {
      assert.ok(tags.includes(`${name}@${firstVersion}`), `changeset publish tags ${name}`);
    }
  });
  await mirrored;

  // Two consumers at a time: each is mostly tsc, and the machine has two cores.
  const consumers = new Map<string, ConsumerProject>();
  await inPool(packages, 2, (pkg) => {
    const name = pkg.manifest.name;
    const short = name.split("/")[1] ?? name;
    return step(`${name}: install alone in a fresh project and use it`, async () => {
      const project = ConsumerProject.create(
        join(work, "consumers", short),
        `consumer-of-${short}`,
        registry.url,
        env,
        repoRoot,
      );
      await project.install(`${name}@${firstVersion}`);
      consumers.set(name, project);
      return checkInstalled(project, name);
    });
  });

  await step("the installed client streams from the installed mock server's CLI", async () => {
    const app = ConsumerProject.create(
      join(work, "consumers", "app"),
      "consumer-app",
      registry.url,
      env,
      repoRoot,
    );
    await app.install(`@vlmchat/client@${firstVersion}`, `@vlmchat/mock-server@${firstVersion}`);
    app.write("chat.mjs", clientAgainstMock);
    const streamed = await withMockCli(app, env, (baseUrl) => app.node("chat.mjs", baseUrl));
    return [`completed and streamed: ${streamed.trim()}`];
  });

  const secondVersion = await step(
    "spec change: optional request field → generate → gate → changeset → release",
    async () => {
      const spec = join(repo, "openapi/openapi.yaml");
      addOptionalRequestField(spec);
      await pnpm("generate");
      const gate = await attempt("pnpm", ["changeset:gate"], { cwd: repo, env });
      assert.equal(gate.code, 1, `the gate must refuse a spec change without a changeset:\n${gate.output}`);
      assert.match(gate.output, /run `pnpm changeset`/);
      const diff = await attempt(
        "pnpm",
        ["--silent", "spec:diff", `HEAD:openapi/openapi.yaml`, "openapi/openapi.yaml"],
        { cwd: repo, env },
      );
      assert.equal(diff.code, 0, diff.output);
      assert.match(
        diff.output,
        new RegExp(`\\+ request  ChatCompletionRequest\\.${probeField}: optional field added`),
      );
      writeFileSync(
        join(repo, ".changeset/release-probe.md"),
        `---\n${[...names].map((n) => `"${n}": patch`).join("\n")}\n---\n\nChatCompletionRequest takes the optional \`${probeField}\`.\n`,
      );
      await pnpm("changeset:gate");
      await pnpm("version-packages");
      const version = readManifest(join(repo, packages[0]?.dir ?? "")).version;
      await git("add", "-A");
      await git("commit", "-q", "-m", `release ${version}`);
      await pnpm("release");
      for (const name of names) await assertPublished(registry, name, version);
      return version;
    },
  );

  const types = consumers.get("@vlmchat/types");
  const validation = consumers.get("@vlmchat/validation");
  assert.ok(types && validation);
  await step(`@vlmchat/types consumer upgrades to ${secondVersion} and sees ${probeField}`, async () => {
    types.write(
      "probe.ts",
      `import type { ChatCompletionRequest } from "@vlmchat/types";\nexport const r: ChatCompletionRequest = { model: "vlmrun-orion-1", messages: [], ${probeField}: "x" };\n`,
    );
    const before = await types.tsc("bundler", ["probe.ts"]);
    assert.notEqual(before.code, 0, `${probeField} must not type-check against ${firstVersion}`);
    assert.match(before.output, new RegExp(probeField));
    await types.install(`@vlmchat/types@${secondVersion}`);
    for (const setting of Object.keys(tsconfigs) as (keyof typeof tsconfigs)[]) {
      const after = await types.tsc(setting, ["probe.ts"]);
      assert.equal(after.code, 0, after.output);
    }
  });
  await step(
    `@vlmchat/validation consumer upgrades to ${secondVersion} and validates ${probeField}`,
    async () => {
      validation.write(
        "probe.mjs",
        `import { validateChatCompletionRequest } from "@vlmchat/validation/request";\nconst r = validateChatCompletionRequest({ model: "vlmrun-orion-1", messages: [{ role: "user", content: "hi" }], ${probeField}: 42 });\nconsole.log(JSON.stringify(r.ok ? [] : r.detail.map((d) => d.loc)));\n`,
      );
      assert.equal((await validation.node("probe.mjs")).trim(), "[]", "before: an unknown field is ignored");
      await validation.install(`@vlmchat/validation@${secondVersion}`);
      assert.equal(
        validation.installedManifest("@vlmchat/types").version,
        secondVersion,
        "one version for the group",
      );
      assert.match(await validation.node("probe.mjs"), new RegExp(`"body","${probeField}"`));
    },
  );
}

/** Everything a user of one package relies on, checked in its consumer project. */
async function checkInstalled(project: ConsumerProject, name: string): Promise<string[]> {
  const manifest = project.installedManifest(name);
  const published = JSON.stringify(manifest.exports);
  assert.ok(
    !published.includes("@vlmchat/source"),
    `${name}: the published exports carry the source condition`,
  );
  const dependencies = JSON.stringify(manifest.dependencies ?? {});
  assert.ok(
    !dependencies.includes("workspace:"),
    `${name}: the published dependencies have workspace: ranges`,
  );
  const subpaths = Object.keys(manifest.exports ?? {}).filter((s) => s !== "./package.json");
  const checks = packageChecks[name] ?? {};
  // Measured first, as the package installed alone: no optional peer, nothing the checks add.
  const notes = [checkInstallSize(project, name, checks.installBudget)];
  const scripted = packagesWithInstallScripts(project.dir);
  assert.deepEqual(
    scripted,
    [],
    `${name}: installed packages that run something at install: ${scripted.join(", ")}`,
  );
  notes.push("no installed package has an install script or a binding.gyp");
  if (checks.notInstalled) {
    const installed = installedSizes(project.dir);
    const unwanted = checks.notInstalled.filter((pkg) => installed.has(pkg));
    assert.deepEqual(unwanted, [], `${name}: installed alone, it brings ${unwanted.join(", ")}`);
    notes.push(`none of ${checks.notInstalled.join(", ")} installed`);
  }
  if (checks.optionalPeers) {
    const { packages: peers, subpaths: needPeers } = checks.optionalPeers;
    const alone = subpaths.filter((s) => !needPeers.includes(s));
    project.write("import-alone.mjs", importEverySubpath(name, alone, "import"));
    project.write("require-alone.cjs", importEverySubpath(name, alone, "require"));
    notes.push(
      `without ${peers.join(", ")}: imported ${(await project.node("import-alone.mjs")).trim()}, required ${(await project.node("require-alone.cjs")).trim()}`,
    );
    for (const subpath of needPeers) {
      const specifier = `${name}${subpath.slice(1)}`;
      project.write("import-peer.mjs", `await import(${JSON.stringify(specifier)});\n`);
      const failed = await attempt(process.execPath, ["import-peer.mjs"], { cwd: project.dir });
      assert.notEqual(failed.code, 0, `${specifier} loads without its optional peers`);
      assert.match(
        failed.output,
        new RegExp(`Cannot find (package|module) '(${peers.join("|")})`),
        failed.output,
      );
    }
    notes.push(`${needPeers.join(", ")} fail without them, naming the missing package`);
    await project.install(...peers);
  }
  project.write("import-all.mjs", importEverySubpath(name, subpaths, "import"));
  project.write("require-all.cjs", importEverySubpath(name, subpaths, "require"));
  notes.push(
    `exports imported (ESM): ${(await project.node("import-all.mjs")).trim()}`,
    `exports required (CommonJS): ${(await project.node("require-all.cjs")).trim()}`,
  );
  if (checks.runtime) {
    project.write("runtime.mjs", checks.runtime);
    await project.node("runtime.mjs");
  }
  const specifier = (s: string) => (s === "." ? name : `${name}${s.slice(1)}`);
  const domSubpaths = DOM_SUBPATHS[name] ?? [];
  const reexports = (list: string[]) =>
    `${list.map((s, i) => `export * as entry${i} from "${specifier(s)}";`).join("\n")}\n`;
  project.write("imports.ts", reexports(subpaths.filter((s) => !domSubpaths.includes(s))));
  if (domSubpaths.length > 0) {
    project.write("imports-dom.ts", reexports(domSubpaths));
    for (const setting of Object.keys(tsconfigs) as (keyof typeof tsconfigs)[]) {
      const result = await project.tsc(setting, ["imports-dom.ts"], true);
      assert.equal(result.code, 0, `${name}: tsc (${setting}, DOM lib) failed:\n${result.output}`);
    }
  }
  const files = ["imports.ts"];
  if (checks.types) {
    project.write("index.ts", checks.types);
    files.push("index.ts");
  }
  for (const setting of Object.keys(tsconfigs) as (keyof typeof tsconfigs)[]) {
    const result = await project.tsc(setting, files);
    assert.equal(result.code, 0, `${name}: tsc (${setting}) failed:\n${result.output}`);
  }
  const bin = manifest.bin;
  if (bin && typeof bin === "object") {
    for (const command of Object.keys(bin)) {
      const help = await run(join(project.dir, "node_modules/.bin", command), ["--help"], {
        cwd: project.dir,
      });
      assert.match(help, /usage/i, `${command} --help`);
      notes.push(`bin ${command} --help runs`);
    }
  }
  return notes;
}

/** Asserts a package's install-size budget, if it has one; answers the note saying what it weighs. */
function checkInstallSize(project: ConsumerProject, name: string, budget: number | undefined): string {
  const bytes = diskBytes(join(project.dir, "node_modules"));
  const mb = (n: number) => `${(n / 1_000_000).toFixed(2)} MB`;
  const largest = [...installedSizes(project.dir)]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([pkg, size]) => `${pkg} ${mb(size)}`)
    .join(", ");
  const weighs = `node_modules ${bytes} bytes (${mb(bytes)}; largest: ${largest})`;
  if (budget !== undefined) {
    assert.ok(bytes <= budget, `${name}: installed alone, ${weighs}, over its ${mb(budget)} budget`);
    return `install size: ${weighs}, budget ${mb(budget)}`;
  }
  return `install size: ${weighs}`;
}

/** Starts `vlmchat-mock` from an app's node_modules on a free port, runs `use`, and stops it. */
async function withMockCli<T>(
  app: ConsumerProject,
  env: NodeJS.ProcessEnv,
  use: (baseUrl: string) => Promise<T>,
): Promise<T> {
  const child = spawn(
    join(app.dir, "node_modules/.bin/vlmchat-mock"),
    ["--port", "0", "--db", ":memory:", "--log", "silent"],
    {
      cwd: app.dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(
        () => reject(new Error(`vlmchat-mock printed no URL in 20 s: ${out}`)),
        20_000,
      );
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        const line = /^(http:\/\/127\.0\.0\.1:\d+\S*)$/m.exec(out);
        if (line?.[1]) {
          clearTimeout(timer);
          resolve(line[1]);
        }
      });
      child.stderr.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
      });
      child.on("exit", (code) => reject(new Error(`vlmchat-mock exited ${code}: ${out}`)));
    });
    return await use(baseUrl);
  } finally {
    child.kill("SIGTERM");
    children.delete(child);
  }
}

async function assertPublished(registry: Registry, name: string, version: string): Promise<void> {
  const response = await fetch(new URL(name.replace("/", "%2f"), registry.url));
  assert.equal(response.status, 200, `${name} is not in the registry`);
  const packument = (await response.json()) as { versions: Record<string, unknown> };
  assert.ok(version in packument.versions, `${name}@${version} was not published`);
}

const cleanups: (() => Promise<void>)[] = [];

async function cleanUp(work: string): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  for (const child of children) child.kill("SIGKILL");
  if (process.env.VLMCHAT_KEEP_RELEASE_TMP === "1") console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const work = mkdtempSync(join(tmpdir(), "vlmchat-release-"));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp(work).finally(() => process.exit(130)));
}
const deadline = setTimeout(() => {
  console.error(`publish-and-consume: over the ${deadlineMs / 60_000} min deadline; stopping`);
  void cleanUp(work).finally(() => process.exit(1));
}, deadlineMs);
try {
  await main(work);
  const total = (performance.now() - started) / 1000;
  console.log(`publish-and-consume passed in ${total.toFixed(1)} s`);
  for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
} catch (error) {
  console.error(`publish-and-consume FAILED: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  await cleanUp(work);
}
