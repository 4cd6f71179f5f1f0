import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

/**
 * A few-line HTTP server on 127.0.0.1 for the wire behaviours the mock server cannot produce on purpose
 * (answers that break the spec, bodies that echo the credential). Each test file says why it uses one.
 */
export function useTinyServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  let server: Server | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => handler(req, res, body));
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    get baseURL() {
      if (!server) throw new Error("the tiny server is not running");
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/openai`;
    },
  };
}
