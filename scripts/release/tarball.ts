import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** One file of an npm tarball, path without the leading `package/`. */
export interface TarEntry {
  readonly path: string;
  readonly mode: number;
  readonly data: Buffer;
}

/**
 * Packs a workspace package with pnpm, the way `pnpm publish` (and so `changeset publish`) does:
 * pnpm swaps `exports` for `publishConfig.exports` and `workspace:` ranges for versions, which `npm pack`
 * would not. Returns the tarball's path.
 */
export function packPackage(pkgDir: string, destination: string): string {
  const out = execFileSync("pnpm", ["pack", "--json", "--pack-destination", destination], {
    cwd: pkgDir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { filename } = JSON.parse(out) as { filename: string };
  return filename;
}

/** Reads every regular file of a `.tgz` (ustar, as npm and pnpm write it). */
export function readTarball(path: string): TarEntry[] {
  const tar = gunzipSync(readFileSync(path));
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const mode = Number.parseInt(field(100, 8).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") longName = data.toString("utf8").replace(/\0.*$/s, "");
    else if (type === "0" || type === "") {
      entries.push({ path: name.replace(/^[^/]+\//, ""), mode, data: Buffer.from(data) });
    }
  }
  return entries;
}
