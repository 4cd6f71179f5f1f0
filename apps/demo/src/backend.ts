import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type ClientOptions, DEFAULT_BASE_URL, VlmChat } from "@vlmchat/client/node";

/** Where the demo's requests go: the embedded mock server, or VLM Run's API with the user's key. */
export interface Backend {
  readonly kind: "mock" | "api";
  /** The API's base URL (`…/v1/openai`). */
  readonly baseURL: string;
  /** The key sent as a bearer token; `undefined` for the mock. Never printed, never sent to a browser. */
  readonly apiKey: string | undefined;
  /** Where the mock keeps its sessions; `undefined` for the API. */
  readonly sessionsDb: string | undefined;
  client(options?: Pick<ClientOptions, "validate">): VlmChat;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** `--base-url`; else `VLMRUN_BASE_URL`; else the client's default. */
  readonly baseURL?: string | undefined;
  /** `--mock`: ignore a key in the environment. */
  readonly forceMock?: boolean | undefined;
  /**
   * Sessions of the mock: `"temp"` for a database that is deleted on close (the tour), or a folder that
   * keeps them across runs (chat, web: `--session ID` can continue a conversation later).
   */
  readonly sessions: "temp" | { readonly dir: string };
  /** Delay between streamed chunks of the mock, so streaming is visible to a person. */
  readonly latencyMs?: number | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

export const DEFAULT_SESSIONS_DIR = ".vlmchat";

export async function openBackend(options: BackendOptions): Promise<Backend> {
  const env = options.env ?? process.env;
  const apiKey = env.VLMRUN_API_KEY?.trim() || undefined;
  if (apiKey && !options.forceMock) {
    const baseURL = options.baseURL ?? (env.VLMRUN_BASE_URL || DEFAULT_BASE_URL);
    return {
      kind: "api",
      baseURL,
      apiKey,
      sessionsDb: undefined,
      client: (extra) => new VlmChat({ apiKey, baseURL: baseURL, ...extra }),
      close: async () => {},
    };
  }
  const tempDir = options.sessions === "temp" ? mkdtempSync(join(tmpdir(), "vlmchat-demo-")) : undefined;
  const dir = tempDir ?? resolve((options.sessions as { dir: string }).dir);
  mkdirSync(dir, { recursive: true });
  const sessionsDb = join(dir, "sessions.db");
  // Loaded only here: against the real API the mock (and its SQLite) is never loaded.
  const { startMockServer } = await import("@vlmchat/mock-server");
  const server = await startMockServer({
    port: 0,
    db: sessionsDb,
    log: "silent",
    latencyMs: options.latencyMs ?? 0,
  });
  return {
    kind: "mock",
    baseURL: server.baseURL,
    apiKey: undefined,
    sessionsDb,
    // No key at all (null, not undefined): a VLMRUN_API_KEY in the environment must not go to the mock.
    client: (extra) => new VlmChat({ apiKey: null, baseURL: server.baseURL, ...extra }),
    close: async () => {
      await server.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
