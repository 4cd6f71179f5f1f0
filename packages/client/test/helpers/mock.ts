import { type MockServer, type MockServerOptions, startMockServer } from "@vlmchat/mock-server";
import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll } from "vitest";
import { type ClientOptions, VlmChat } from "../../src/index";

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
    get url() {
      return running().url;
    },
    /** A client of this server; no key and no environment unless given. */
    client(clientOptions: ClientOptions = {}) {
      return new VlmChat({ baseURL: running().baseURL, apiKey: null, ...clientOptions });
    },
  };
}

export interface SeenRequest {
  method: string;
  url: string;
  headers: Headers;
  /** The body's text ("" when none). */
  body: string;
}

/** openapi-fetch middleware that records every request the client sends (every attempt and poll). */
export function recorder(): { middleware: Middleware; requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  return {
    requests,
    middleware: {
      async onRequest({ request }) {
        const body = request.body ? await request.clone().text() : "";
        requests.push({
          method: request.method,
          url: request.url,
          headers: new Headers(request.headers),
          body,
        });
      },
    },
  };
}

/** Request options that ask the mock server for a fault. */
export function fault(spec: string, key?: string) {
  return { headers: { "x-vlmchat-fault": spec, ...(key && { "x-vlmchat-fault-key": key }) } };
}

export const hello = [{ role: "user" as const, content: "Hello there" }];
