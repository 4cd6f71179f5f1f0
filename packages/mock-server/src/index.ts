/**
 * @vlmchat/mock-server: a local server that speaks VLM Run's chat completions spec, with real 422s,
 * streaming, sessions, fault injection and a contract-checking proxy; or the same engine without a port,
 * as a `fetch` (`createMockFetch`) or MSW handlers (`@vlmchat/mock-server/msw`).
 */

export { FAULT_HEADER, FAULT_KEY_HEADER, type FaultSpec, parseFault } from "./faults/parse";
export { createMockFetch, type MockFetch, type MockFetchOptions } from "./fetch";
export type { LogFormat, MockServerOptions } from "./options";
export { DEFAULT_BODY_LIMIT } from "./options";
export { type MockServer, startMockServer } from "./server";
