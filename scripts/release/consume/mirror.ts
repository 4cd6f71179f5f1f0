import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { run } from "../run";
import { readTarball } from "../tarball";
import type { Registry } from "./registry";

interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** The package's directory in the workspace's pnpm store (node_modules/.pnpm/…). */
  readonly dir: string;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

/**
 * The third-party packages a consumer of vlmchat installs, found in the workspace's own install: the
 * non-workspace dependencies of `roots` (package directories) and those of their peers named in `peers`,
 * with everything they depend on. pnpm
 * links each package's dependencies beside it, so the walk needs no registry.
 */
export function thirdPartyClosure(
  roots: readonly string[],
  peers: readonly string[] = [],
): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const visit = (linkDir: string, name: string, optional: boolean) => {
    const link = join(linkDir, name);
    if (!existsSync(link)) {
      if (optional) return;
      throw new Error(`${name} is not installed under ${linkDir}: run pnpm install first`);
    }
    const dir = realpathSync(link);
    const manifest = readManifest(dir);
    const key = `${manifest.name}@${manifest.version}`;
    if (found.has(key)) return;
    found.set(key, { name: manifest.name, version: manifest.version, dir });
    // pnpm puts a package's own dependencies in the node_modules directory that holds it.
    const siblings = dir.slice(0, dir.length - manifest.name.length);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(siblings, dep, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(siblings, dep, true);
    for (const dep of Object.keys(manifest.peerDependencies ?? {})) {
      visit(siblings, dep, manifest.peerDependenciesMeta?.[dep]?.optional === true);
    }
  };
  for (const root of roots) {
    const manifest = readManifest(root);
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      if (!range.startsWith("workspace:")) visit(join(root, "node_modules"), name, false);
    }
    // Optional peers a consumer installs on purpose, from the versions the workspace tests (its devDependencies).
    for (const name of Object.keys(manifest.peerDependencies ?? {})) {
      if (peers.includes(name)) visit(join(root, "node_modules"), name, false);
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Copies packages from the workspace's install into the registry: `npm pack` (no scripts) makes the
 * tarballs, then each is published the way `npm publish` does (libnpmpublish's request), which spares
 * one npm process per package.
 */
export async function mirrorPackages(
  packages: readonly InstalledPackage[],
  registry: Registry,
  workDir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  // npm cannot pack a directory inside pnpm's store (it dies with "Exit handler never called"), so it packs
  // plain copies; `node_modules` inside a package directory is pnpm's, never part of the package.
  const copies = packages.map((p, i) => {
    const copy = join(workDir, "mirror-src", String(i));
    cpSync(p.dir, copy, { recursive: true, filter: (source) => basename(source) !== "node_modules" });
    return copy;
  });
  const out = await run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", workDir, ...copies],
    {
      cwd: workDir,
      env,
      timeoutMs: 120_000,
    },
  );
  rmSync(join(workDir, "mirror-src"), { recursive: true, force: true });
  const packed = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
  for (const { filename } of packed) await publishTarball(registry, join(workDir, basename(filename)));
}

/** PUTs a tarball to the registry as npm's libnpmpublish does. */
export async function publishTarball(registry: Registry, tarballPath: string): Promise<void> {
  const data = readFileSync(tarballPath);
  const manifestEntry = readTarball(tarballPath).find((entry) => entry.path === "package.json");
  if (!manifestEntry) throw new Error(`${tarballPath}: no package.json`);
  const manifest = JSON.parse(manifestEntry.data.toString("utf8")) as Manifest & Record<string, unknown>;
  const tarballName = `${manifest.name}-${manifest.version}.tgz`;
  const version = {
    ...manifest,
    _id: `${manifest.name}@${manifest.version}`,
    dist: {
      shasum: createHash("sha1").update(data).digest("hex"),
      integrity: `sha512-${createHash("sha512").update(data).digest("base64")}`,
      tarball: new URL(`${manifest.name}/-/${tarballName}`, registry.url).href,
    },
  };
  const body = {
    _id: manifest.name,
    name: manifest.name,
    "dist-tags": { latest: manifest.version },
    versions: { [manifest.version]: version },
    access: "public",
    _attachments: {
      [tarballName]: {
        content_type: "application/octet-stream",
        data: data.toString("base64"),
        length: data.length,
      },
    },
  };
  const response = await fetch(new URL(manifest.name.replace("/", "%2f"), registry.url), {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${registry.token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(
      `publishing ${manifest.name}@${manifest.version}: ${response.status} ${await response.text()}`,
    );
  }
}

export interface BinaryHost {
  /** Set as `npm_config_better_sqlite3_binary_host` for installs. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * better-sqlite3's install script (prebuild-install) downloads a prebuilt binary from GitHub, and
 * compiles from source when it cannot. This serves, on loopback, the binary the workspace's own install
 * produced for this Node, under the name prebuild-install asks its `binary_host` mirror for; without
 * one (none was built), installs compile from source, which works offline but takes minutes.
 */
export async function startBinaryHost(
  sqlite: InstalledPackage | undefined,
  workDir: string,
  env: NodeJS.ProcessEnv,
): Promise<BinaryHost | undefined> {
  const binary = sqlite && join(sqlite.dir, "build/Release/better_sqlite3.node");
  if (!sqlite || !binary || !existsSync(binary)) return undefined;
  const file = `${sqlite.name}-v${sqlite.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const archive = join(workDir, file);
  await run("tar", ["-czf", archive, "-C", sqlite.dir, "build/Release/better_sqlite3.node"], {
    cwd: workDir,
    env,
  });
  const body = readFileSync(archive);
  const server: Server = createServer((request, response) => {
    if (request.url === `/v${sqlite.version}/${file}`) {
      response.writeHead(200, { "content-type": "application/gzip", "content-length": body.length });
      response.end(body);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
