import { describe, expect, it } from "vitest";
import { VERSION } from "../src/version";
import { hello, recorder, useMockServer } from "./helpers/mock";

// What an openai-node user expects, against the real mock server (which sends `x-request-id`).
const mock = useMockServer();

describe("request ids and responses", () => {
  it("every answer carries its request id: _request_id, withResponse(), a stream's requestId", async () => {
    const client = mock.client();
    const completion = await client.chat.completions.create({ messages: hello });
    expect(completion._request_id).toMatch(/^req_/);
    // Not enumerable: it does not change what JSON.stringify writes.
    expect(Object.keys(completion)).not.toContain("_request_id");

    const { data, response, requestId } = await client.chat.completions
      .create({ messages: hello })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(response.status).toBe(200);
    expect(requestId).toBe(response.headers.get("x-request-id"));
    expect(requestId).toMatch(/^req_/);

    const stream = await client.chat.completions.create({ messages: hello, stream: true });
    expect(stream.requestId).toMatch(/^req_/);
    await stream.finalCompletion();

    const raw = await client.models.retrieve("vlmrun-orion-1:auto").asResponse();
    expect(raw.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("models.list() is async-iterable and still has .data", async () => {
    const client = mock.client();
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    const list = await client.models.list();
    expect(ids).toEqual(list.data.map((model) => model.id));
    expect(ids.length).toBeGreaterThan(0);
  });
});

describe("who the client is, and what it logs", () => {
  it("sends User-Agent: vlmchat-client/<version> outside browsers", async () => {
    const { middleware, requests } = recorder();
    await mock.client().use(middleware).health();
    expect(requests[0]?.headers.get("user-agent")).toBe(`vlmchat-client/${VERSION}`);
    // Sources run as they are; the build writes package.json's version (tsdown's define).
    expect(VERSION).toBe("0.0.0-source");
  });

  it("VLMRUN_LOG sets the level, with or without a logger; a bad level is a TypeError", async () => {
    const saved = process.env.VLMRUN_LOG;
    try {
      const lines: string[] = [];
      const logger = {
        debug: (m: string) => lines.push(`debug ${m}`),
        info: (m: string) => lines.push(`info ${m}`),
        warn: (m: string) => lines.push(`warn ${m}`),
      };
      process.env.VLMRUN_LOG = "info";
      await mock.client({ logger }).health();
      expect(lines).toEqual(["info HealthStatus: 200 (attempt 1)"]);
      lines.length = 0;
      process.env.VLMRUN_LOG = "off";
      await mock.client({ logger }).health();
      expect(lines).toEqual([]);
      // The option wins over the environment.
      await mock.client({ logger, logLevel: "debug" }).health();
      expect(lines).toEqual(["info HealthStatus: 200 (attempt 1)"]);
      process.env.VLMRUN_LOG = "loud";
      expect(() => mock.client()).toThrow(
        new TypeError('VLMRUN_LOG must be one of debug, info, warn, off; got "loud"'),
      );
    } finally {
      if (saved === undefined) delete process.env.VLMRUN_LOG;
      else process.env.VLMRUN_LOG = saved;
    }
  });
});
