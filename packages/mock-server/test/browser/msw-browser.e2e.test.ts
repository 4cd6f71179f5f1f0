import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { builtinModules, createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { build, type Rollup } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Debian's Chromium, installed by .ci/run; no test tool downloads a browser.
const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const PAGE_ROOT = fileURLToPath(new URL("./page/", import.meta.url));
const require = createRequire(import.meta.url);
/** The service worker script msw ships (`msw init` would copy it into an app's public folder). */
const WORKER_SCRIPT = join(
  require.resolve("msw/package.json").replace(/package\.json$/, ""),
  "lib/mockServiceWorker.js",
);

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

if (!haveChromium && process.env.CI) {
  describe("MSW handlers in Chromium", () => {
    it("needs Debian's chromium at /usr/bin/chromium", () => {
      throw new Error(`${CHROMIUM} is missing: CI must install it (.ci/run: apt-get install -y chromium)`);
    });
  });
}

describe.skipIf(!haveChromium)(
  "the MSW handlers and the mock fetch, bundled by Vite, in Chromium",
  { timeout: 120_000 },
  () => {
    let outDir: string;
    let server: Server;
    let browser: Browser;
    let origin: string;
    /** Node built-ins the bundle asked for, whatever Vite then did with them. */
    const builtinImports: string[] = [];
    let bundleText = "";
    /** The modules whose code is in the bundle after tree-shaking. */
    const rendered: string[] = [];

    beforeAll(async () => {
      outDir = mkdtempSync(join(tmpdir(), "vlmchat-msw-page-"));
      const output = (await build({
        root: PAGE_ROOT,
        configFile: false,
        logLevel: "error",
        resolve: { conditions: ["@vlmchat/source", "browser", "module", "import", "default"] },
        build: { outDir, emptyOutDir: true, reportCompressedSize: false },
        plugins: [
          {
            name: "no-node-builtins",
            enforce: "pre",
            resolveId(id, importer) {
              if (BUILTINS.has(id)) builtinImports.push(`${id} (from ${importer})`);
              return null;
            },
          },
        ],
      })) as Rollup.RollupOutput;
      for (const file of output.output) {
        if (file.type !== "chunk") continue;
        bundleText += file.code;
        for (const [id, module] of Object.entries(file.modules))
          if (module.renderedLength > 0) rendered.push(id);
      }
      server = createServer((req, res) => {
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        const file =
          path === "/mockServiceWorker.js" ? WORKER_SCRIPT : join(outDir, path === "/" ? "index.html" : path);
        if (!file.startsWith(outDir) && file !== WORKER_SCRIPT) return res.writeHead(404).end();
        try {
          const body = readFileSync(file);
          const type =
            { ".html": "text/html", ".js": "text/javascript" }[extname(file)] ?? "application/octet-stream";
          res.writeHead(200, { "content-type": type }).end(body);
        } catch {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
        ],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    });

    it("imports the entries without a Node built-in reaching the bundle", () => {
      // The page imports the main entry too, which also holds startMockServer (node:http, the SQLite
      // store): the browser build may see those imports, but none of their code may be in the bundle.
      expect(builtinImports.length).toBeGreaterThan(0);
      expect(rendered.some((id) => id.endsWith("/src/core/handle.ts"))).toBe(true);
      const nodeOnly = rendered.filter((id) =>
        /__vite-browser-external|better-sqlite3|\/src\/(server\.ts|node\/|proxy\/|sessions\/sqlite-store\.ts|cli)/.test(
          id,
        ),
      );
      expect(nodeOnly).toEqual([]);
      expect(bundleText).not.toContain("__vite-browser-external");
    });

    it("answers VLM Run's hosts through setupWorker, and the mock fetch with no worker", async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(
        () => {
          const state = window as unknown as { results?: unknown; failure?: unknown };
          return state.results !== undefined || state.failure !== undefined;
        },
        undefined,
        { timeout: 60_000 },
      );
      const { results, failure } = await page.evaluate(() => {
        const state = window as unknown as { results?: Record<string, unknown>; failure?: string };
        return { results: state.results, failure: state.failure };
      });
      expect(failure).toBeUndefined();
      expect(errors).toEqual([]);
      expect(String(results?.text ?? "").length).toBeGreaterThan(0);
      expect(results?.streamed).toBe(results?.text);
      expect(results?.unprocessable).toBe(422);
      expect(results?.faultStatus).toBe(503);
      expect(results?.reset).toBe("TypeError");
      expect(results?.mockFetchStreamed).toBe(results?.text);
      expect(results?.aborted).toBe("AbortError");
      await page.close();
    });
  },
);
