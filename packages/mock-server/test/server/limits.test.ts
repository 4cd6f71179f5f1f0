import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { startMockServer } from "../../src/index";
import { rawRequest } from "../helpers/raw-http";

const CHAT = "/v1/openai/chat/completions";

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

/** Waits for a socket's first bytes, or its close; undefined when neither comes within `ms`. */
function answerOf(socket: Socket, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = "";
    const timer = setTimeout(() => resolve(undefined), ms);
    socket.on("data", (chunk) => {
      text += chunk;
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on("error", () => {});
  });
}

describe("limits the README promises", () => {
  it("invalid UTF-8 in a body gets FastAPI's 400", async () => {
    const server = await startMockServer();
    try {
      const body = Buffer.concat([
        Buffer.from('{"messages":[{"role":"user","content":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}]}'),
      ]);
      const response = await fetch(`${server.baseURL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ detail: "There was an error parsing the body" });
    } finally {
      await server.close();
    }
  });

  it("n over 128 gets a 400 naming the maximum", async () => {
    const server = await startMockServer();
    try {
      const response = await fetch(`${server.baseURL}/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ n: 129, messages: [{ role: "user", content: "hi" }] }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/at most 128/);
    } finally {
      await server.close();
    }
  });

  it("a body that trickles in is cut at the request timeout with a 408", async () => {
    const server = await startMockServer({ requestTimeout: 1_000, headersTimeout: 500 });
    try {
      const socket = await open(server.port);
      socket.write(`POST ${CHAT} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 1000\r\n\r\n{`);
      const trickle = setInterval(() => socket.writable && socket.write(" "), 200);
      const answer = await answerOf(socket, 5_000);
      clearInterval(trickle);
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await server.close();
    }
  });

  it("headers that never end are cut at the headers timeout", async () => {
    const server = await startMockServer({ requestTimeout: 5_000, headersTimeout: 500 });
    try {
      const socket = await open(server.port);
      socket.write(`GET /v1/health HTTP/1.1\r\nhost: 127.0.0.1\r\n`);
      const trickle = setInterval(() => socket.writable && socket.write("x-slow: 1\r\n"), 100);
      const answer = await answerOf(socket, 4_000);
      clearInterval(trickle);
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await server.close();
    }
  });

  it("connections over the cap are closed on arrival; the ones held still work", async () => {
    const server = await startMockServer({ maxConnections: 3 });
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) held.push(await open(server.port));
      const extra = await open(server.port);
      expect(await answerOf(extra, 2_000)).toBe("");
      const first = held[0] as Socket;
      first.write("GET /v1/health HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n");
      expect(await answerOf(first, 2_000)).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const socket of held) socket.destroy();
      await server.close();
    }
  });

  it("the 303 Location names the server's own address, whatever the Host header says", async () => {
    const server = await startMockServer();
    try {
      const result = await rawRequest(server.port, {
        method: "POST",
        path: CHAT,
        headers: { host: "attacker.example", "x-vlmchat-fault": "redirect" },
        body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
      });
      expect(result.status).toBe(303);
      expect(result.headers.location).toMatch(new RegExp(`^${server.url}/v1/openai/_vlmchat/poll/`));
    } finally {
      await server.close();
    }
  });
});
