import { type MockServer, type MockServerOptions, startMockServer } from "@vlmchat/mock-server";
import { afterAll, beforeAll } from "vitest";
import { createVlmChat, type VlmChatProviderSettings } from "../../src/index";

/** The real mock server on 127.0.0.1 (port 0), started before this file's tests and closed after them. */
export function useMockServer(options: MockServerOptions = {}) {
  let server: MockServer | undefined;
  beforeAll(async () => {
    server = await startMockServer({ db: ":memory:", log: "silent", ...options });
  });
  afterAll(async () => {
    await server?.close();
  });
  const running = () => {
    if (!server) throw new Error("the mock server is not running");
    return server;
  };
  return {
    get baseURL() {
      return running().baseURL;
    },
    /** A provider for this server; no key and no environment unless given. */
    provider(settings: VlmChatProviderSettings = {}) {
      return createVlmChat({ baseURL: running().baseURL, apiKey: null, ...settings });
    },
  };
}

/** A whole 2×1 PNG. */
export const png = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAADUlEQVR42mP4zwAE/wEHAAH/PX2MSQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/** A minimal PDF. */
export const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

/** Request headers that ask the mock server for a fault. */
export function fault(spec: string, key?: string): Record<string, string> {
  return { "x-vlmchat-fault": spec, ...(key && { "x-vlmchat-fault-key": key }) };
}
