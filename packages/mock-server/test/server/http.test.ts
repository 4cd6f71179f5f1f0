import { request } from "node:http";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { Api } from "../helpers/api";
import { loadSpec } from "../helpers/fixtures";
import { rawRequest } from "../helpers/raw-http";
import { useMockServer } from "../helpers/server";
import { specViolations } from "../helpers/spec-check";

const chatBody = { messages: [{ role: "user", content: "Hello" }] };

describe("routes", () => {
  const mock = useMockServer();

  it("answers the health check", async () => {
    const response = await mock.api.request("GET", "/v1/health");
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: "ok", version: expect.any(String) });
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("lists exactly the spec's model ids", async () => {
    const response = await mock.api.request("GET", "/v1/openai/models");
    expect(response.status).toBe(200);
    const ids = (response.json as { data: { id: string }[] }).data.map((model) => model.id);
    expect(ids).toEqual(loadSpec().components.schemas.KnownModel?.enum);
  });

  it.each(["vlmrun-orion-1:auto", "vlmrun-orion-1%3Apro"])("retrieves a model by id (%s)", async (id) => {
    const response = await mock.api.request("GET", `/v1/openai/models/${id}`);
    expect(response.status).toBe(200);
    expect((response.json as { id: string }).id).toBe(decodeURIComponent(id));
  });

  it("answers 404 with the model's name for an unknown model", async () => {
    const response = await mock.api.request("GET", "/v1/openai/models/gpt-4o");
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ detail: "Model gpt-4o not found" });
  });

  it.each(["/", "/v1/openai/chat", "/v1/openai/chat/completions/extra", "/v2/health", "/v1/openai/models/"])(
    "answers FastAPI's 404 for %s",
    async (path) => {
      const response = await mock.api.request("GET", path);
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ detail: "Not Found" });
    },
  );

  it.each([
    { method: "GET", path: "/v1/openai/chat/completions", allow: "POST" },
    { method: "PUT", path: "/v1/openai/chat/completions", allow: "POST" },
    { method: "POST", path: "/v1/openai/models", allow: "GET, HEAD" },
    { method: "DELETE", path: "/v1/health", allow: "GET, HEAD" },
  ])("answers 405 to $method $path, with Allow", async ({ method, path, allow }) => {
    const response = await mock.api.request(method, path);
    expect(response.status).toBe(405);
    expect(response.json).toEqual({ detail: "Method Not Allowed" });
    expect(response.headers.get("allow")).toBe(allow);
  });

  it("answers HEAD like GET, without a body", async () => {
    const response = await mock.api.request("HEAD", "/v1/openai/models");
    expect(response.status).toBe(200);
    expect(response.body).toBe("");
  });

  it("ignores the query string when routing", async () => {
    const response = await mock.api.request("GET", "/v1/health?verbose=1");
    expect(response.status).toBe(200);
  });

  it("answers a request Node's parser rejects with a JSON 400", async () => {
    const raw = await rawRequest(mock.server.port, "GARBAGE\r\n\r\n");
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body)).toEqual({ detail: expect.stringMatching(/^Bad Request/) });
  });

  it("answers headers that are too large with a JSON 431", async () => {
    const raw = await rawRequest(mock.server.port, {
      method: "GET",
      path: "/v1/health",
      headers: { "x-big": "a".repeat(20_000) },
    });
    expect(raw.status).toBe(431);
    expect(JSON.parse(raw.body)).toHaveProperty("detail");
  });
});

describe("authentication", () => {
  const mock = useMockServer({ token: "sk-test-123" });

  it.each([
    {
      name: "no Authorization header",
      headers: {} as Record<string, string>,
      detail: "Not authenticated: send Authorization: Bearer <key>",
    },
    {
      name: "another scheme",
      headers: { authorization: "Basic c2stdGVzdA==" },
      detail: "Invalid Authorization header: expected Bearer <key>",
    },
    { name: "a wrong token", headers: { authorization: "Bearer sk-test-124" }, detail: "Invalid API key" },
    { name: "a token prefix", headers: { authorization: "Bearer sk-test-12" }, detail: "Invalid API key" },
    { name: "a longer token", headers: { authorization: "Bearer sk-test-1234" }, detail: "Invalid API key" },
  ])("refuses $name with 401 and WWW-Authenticate", async ({ headers, detail }) => {
    for (const [method, path] of [
      ["POST", "/v1/openai/chat/completions"],
      ["GET", "/v1/openai/models"],
      ["GET", "/v1/openai/models/vlmrun-orion-1"],
    ] as const) {
      const response = await mock.api.request(method, path, {
        body: method === "POST" ? chatBody : undefined,
        headers,
      });
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ detail });
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
    }
  });

  it("serves the right token, with any case of the scheme", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const response = await mock.api.chat(chatBody, { authorization: `${scheme} sk-test-123` });
      expect(response.status).toBe(200);
    }
  });

  it("does not ask for a token on the health check, nor on an unknown route", async () => {
    expect((await mock.api.request("GET", "/v1/health")).status).toBe(200);
    expect((await mock.api.request("GET", "/nope")).status).toBe(404);
  });
});

describe("guests", () => {
  const mock = useMockServer();

  it("serves requests without a token when none is configured", async () => {
    const response = await mock.api.chat(chatBody);
    expect(response.status).toBe(200);
  });
});

describe("body limit", () => {
  const mock = useMockServer({ bodyLimit: 4096 });
  const detail =
    "Request body too large (limit 4096 bytes); upload large files and send a URL instead of a data URL.";

  it("refuses a body whose content-length is over the limit, before reading it", async () => {
    const raw = await rawRequest(
      mock.server.port,
      "POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000000\r\n\r\n{",
    );
    expect(raw.status).toBe(413);
    expect(JSON.parse(raw.body)).toEqual({ detail });
  });

  it("answers Expect: 100-continue with a 413, not a 100, when the declared body is over the limit", async () => {
    const raw = await rawRequest(
      mock.server.port,
      "POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 60000000\r\nexpect: 100-continue\r\n\r\n",
    );
    expect(raw.raw.toString("latin1")).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw.headers.connection).toBe("close");
  });

  it("answers Expect: 100-continue with a 100 when the body fits", async () => {
    const body = JSON.stringify({ messages: [{ role: "user", content: "fits" }] });
    const raw = await rawRequest(
      mock.server.port,
      `POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nexpect: 100-continue\r\n\r\n${body}`,
    );
    expect(raw.raw.toString("latin1")).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  });

  it("refuses a chunked body as soon as it passes the limit, while the client is still sending", async () => {
    let sent = 0;
    const answer = await new Promise<{ status: number; headers: Headers; body: string; sentBefore: number }>(
      (resolve, reject) => {
        const req = request(`${mock.server.url}/v1/openai/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
        });
        req.on("response", (res) => {
          const sentBefore = sent;
          let body = "";
          res.on("data", (chunk) => {
            body += chunk;
          });
          res.on("end", () => {
            req.destroy();
            resolve({
              status: res.statusCode ?? 0,
              headers: new Headers(res.headers as Record<string, string>),
              body,
              sentBefore,
            });
          });
        });
        req.on("error", reject);
        // Far more than the limit would arrive if the server waited for the end of the body.
        const pump = () => {
          while (sent < 50_000_000 && !req.destroyed) {
            sent += 1024;
            if (!req.write(Buffer.alloc(1024, 0x20))) return void req.once("drain", pump);
          }
        };
        pump();
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.sentBefore).toBeLessThan(50_000_000);
    expect(
      specViolations({
        method: "POST",
        url: "/v1/openai/chat/completions",
        requestBody: undefined,
        ...answer,
      }),
    ).toEqual([]);
  });

  it("reads the rest of a refused upload that pauses longer than the keep-alive timeout", async () => {
    const half = " ".repeat(64 * 1024);
    const socket = connect(mock.server.port, "127.0.0.1");
    let seen = "";
    socket.setEncoding("latin1");
    socket.on("data", (text: string) => {
      seen += text;
    });
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.on("error", () => {});
    socket.write(
      `POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${2 * half.length}\r\n\r\n${half}`,
    );
    await expect.poll(() => seen, { timeout: 2_000 }).toMatch(/^HTTP\/1\.1 413 /);
    // The server's keep-alive timeout is 5 s; its wait for the rest of a refused upload is 10 s.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    socket.write(`${half}GET /v1/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);
    await closed;
    // The rest of the body was read and dropped, and the connection served the next request.
    expect(seen.match(/HTTP\/1\.1 \d+/g)).toEqual(["HTTP/1.1 413", "HTTP/1.1 200"]);
  }, 15_000);

  it("accepts a body just under the limit", async () => {
    const text = "x".repeat(3500);
    const response = await mock.api.chat({ messages: [{ role: "user", content: text }] });
    expect(response.status).toBe(200);
  });

  it("answers a real client's over-limit request with a readable 413", async () => {
    const response = await new Api(mock.server.url).chat({
      messages: [{ role: "user", content: "y".repeat(10_000) }],
    });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ detail });
  });
});
