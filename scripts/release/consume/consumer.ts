import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { attempt, type RunResult, run } from "../run";

/** `tsc` settings each consumer type-checks under: how real projects resolve packages. */
export const tsconfigs = {
  node16: { module: "node16", moduleResolution: "node16" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
} as const;

/**
 * A fresh npm project outside the workspace, installing from the local registry only. It knows nothing
 * of pnpm, workspaces or the `@vlmchat/source` condition: it sees what a user sees.
 */
export class ConsumerProject {
  constructor(
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
    /** Where `typescript` and `@types/node` are installed: the workspace root. */
    private readonly toolsDir: string,
  ) {}

  static create(
    dir: string,
    name: string,
    registryUrl: string,
    env: NodeJS.ProcessEnv,
    toolsDir: string,
  ): ConsumerProject {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      `${JSON.stringify({ name, private: true, type: "module" }, null, 2)}\n`,
    );
    writeFileSync(join(dir, ".npmrc"), `registry=${registryUrl}\n`);
    return new ConsumerProject(dir, env, toolsDir);
  }

  /**
   * `npm install` of `specs`. Seen once under load: an install that printed nothing and never ended
   * (the registry is local and answers in milliseconds). Such an install is ended after two minutes and
   * run once more, saying so; one that fails with an answer fails at once.
   */
  async install(...specs: string[]): Promise<void> {
    const args = ["install", "--save-exact", "--no-audit", "--no-fund", ...specs];
    const first = await attempt("npm", args, { cwd: this.dir, env: this.env, timeoutMs: 120_000 });
    if (first.code === 0) return;
    if (first.code !== null) {
      throw new Error(`\`npm ${args.join(" ")}\` (in ${this.dir}) exited ${first.code}:\n${first.output}`);
    }
    console.log(`    npm install ${specs.join(" ")} hung for 120 s; running it once more`);
    await run("npm", args, { cwd: this.dir, env: this.env, timeoutMs: 240_000 });
  }

  write(path: string, contents: string): void {
    writeFileSync(join(this.dir, path), contents);
  }

  /** The manifest of an installed package, as the registry served it. */
  installedManifest(
    name: string,
  ): { version: string; exports?: Record<string, unknown> } & Record<string, unknown> {
    return JSON.parse(readFileSync(join(this.dir, "node_modules", name, "package.json"), "utf8"));
  }

  node(...args: string[]): Promise<string> {
    return run(process.execPath, args, { cwd: this.dir, env: this.env, timeoutMs: 60_000 });
  }

  /**
   * Type-checks `files` strictly, library files included (`skipLibCheck: false`), with the workspace's
   * TypeScript and @types/node: tools, not dependencies, so the project still holds the package alone.
   */
  /** `dom`: add the DOM lib, for an entry whose peer's types need it (msw's do). */
  tsc(setting: keyof typeof tsconfigs, files: readonly string[], dom = false): Promise<RunResult> {
    const config = `tsconfig.${setting}.json`;
    this.write(
      config,
      `${JSON.stringify(
        {
          compilerOptions: {
            ...tsconfigs[setting],
            target: "es2022",
            // No DOM: a Node project; @types/node declares fetch, streams and AbortSignal.
            lib: dom ? ["es2023", "dom"] : ["es2023"],
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ["node"],
            typeRoots: [join(this.toolsDir, "node_modules/@types")],
          },
          files,
        },
        null,
        2,
      )}\n`,
    );
    return attempt(process.execPath, [join(this.toolsDir, "node_modules/typescript/bin/tsc"), "-p", config], {
      cwd: this.dir,
      env: this.env,
      timeoutMs: 120_000,
    });
  }
}
