import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BackendOptions, openBackend } from "../backend";
import { startAppServer } from "./app-server";
import { buildPage } from "./build-page";

export interface WebDemo {
  readonly url: string;
  readonly backendKind: "mock" | "api";
  close(): Promise<void>;
}

export interface WebDemoOptions extends Omit<BackendOptions, "sessions"> {
  readonly sessions?: BackendOptions["sessions"];
  readonly port?: number;
  readonly host?: string;
  readonly defaultModel?: string;
}

/** Builds the page, opens the backend (mock or API) and starts the app server in front of both. */
export async function startWebDemo(options: WebDemoOptions = {}): Promise<WebDemo> {
  const pageDir = mkdtempSync(join(tmpdir(), "vlmchat-demo-page-"));
  const cleanPage = () => rmSync(pageDir, { recursive: true, force: true });
  try {
    await buildPage(pageDir);
  } catch (error) {
    cleanPage();
    throw error;
  }
  const backend = await openBackend({ sessions: { dir: ".vlmchat" }, ...options });
  try {
    const server = await startAppServer({
      backend,
      pageDir,
      defaultModel: options.defaultModel ?? "vlmrun-orion-1:fast",
      port: options.port ?? 0,
      host: options.host ?? "127.0.0.1",
    });
    return {
      url: server.url,
      backendKind: backend.kind,
      close: async () => {
        await server.close();
        await backend.close();
        cleanPage();
      },
    };
  } catch (error) {
    await backend.close();
    cleanPage();
    throw error;
  }
}
