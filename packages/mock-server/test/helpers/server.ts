import { afterAll, beforeAll, expect } from "vitest";
import { type MockServer, type MockServerOptions, startMockServer } from "../../src/index";
import { Api } from "./api";

/** Starts a mock server (in-memory sessions unless told otherwise) for the tests of one file. */
export function useMockServer(options: MockServerOptions = {}, headers: Record<string, string> = {}) {
  const handle = {} as { server: MockServer; api: Api };
  beforeAll(async () => {
    handle.server = await startMockServer({ db: ":memory:", ...options });
    expect(handle.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    handle.api = new Api(handle.server.url, headers);
  });
  afterAll(async () => {
    await handle.server?.close();
  });
  return handle;
}
