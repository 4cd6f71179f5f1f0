import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Backend } from "../backend";
import { relayArtifact } from "./artifact-relay";
import { proxyToApi, sendJson } from "./proxy";
import { checkRequest } from "./request-guard";
import { serveStatic } from "./static-files";

export interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface AppServerOptions {
  readonly backend: Backend;
  /** The built page (index.html and assets/). */
  readonly pageDir: string;
  readonly defaultModel: string;
  readonly port?: number;
  readonly host?: string;
  /** Largest request body relayed to the API, in bytes (default 50 MiB); larger ones get a 413. */
  readonly bodyLimit?: number;
}

export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;

// The client wants a base URL ending in /v1/openai; under /api it cannot be mistaken for a page.
const API_PREFIX = "/api/v1/openai";

/**
 * The web demo's server: serves the page, and relays the page's API calls to the backend, adding the
 * key on the way out. The browser only ever talks to this server, so the key never reaches it.
 */
export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { backend } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const guard = checkRequest(req.method ?? "", req.headers, port);
    if (!guard.ok) return sendJson(res, guard.status, { detail: guard.detail });
    const path = req.url ?? "/";
    if (path.startsWith(`${API_PREFIX}/`)) {
      if (await proxyToApi(backend, path.slice(API_PREFIX.length), req, res, bodyLimit)) return;
      return sendJson(res, 404, { detail: "Not Found" });
    }
    const [pathname, query = ""] = path.split("?", 2) as [string, string?];
    // Artifacts are not under /v1/openai: the client asks the API root's /v1/artifacts.
    if (pathname === "/api/v1/artifacts") return relayArtifact(backend, query, req, res);
    if (path === "/api/config" && req.method === "GET") {
      return sendJson(res, 200, {
        backend: backend.kind,
        // The origin helps a person see where requests go; the key stays here.
        apiOrigin: backend.kind === "api" ? new URL(backend.baseURL).origin : null,
        defaultModel: options.defaultModel,
      });
    }
    if (req.method === "GET" && (await serveStatic(options.pageDir, path.split("?")[0] ?? "/", res))) return;
    sendJson(res, 404, { detail: "Not Found" });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { detail: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address } = server.address() as AddressInfo;
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
