import { Agent, request } from "node:http";
import { connect } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../src/index";
import { requestExampleNames, specExample } from "../helpers/fixtures";
import { Random } from "../helpers/random";
import { specViolations } from "../helpers/spec-check";

/**
 * A bounded fuzz run: ≥ 10,000 malformed requests (broken JSON, wrong types, huge strings, deep nesting,
 * random bytes, bad fault headers, bad HTTP framing and headers, slow and truncated bodies). The server
 * must never crash, must answer every request it can answer with a well-formed, spec-valid error, and
 * must keep its memory bounded.
 */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let server: MockServer;
const MAX_SOCKETS = 12;
const agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
const examples = requestExampleNames().map((name) => JSON.stringify(specExample(name)));
const random = new Random(20260101);

beforeAll(async () => {
  server = await startMockServer({ db: ":memory:", bodyLimit: 8 * 1024 * 1024 });
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

interface Outcome {
  status: number;
  violations: number;
}

const statuses = new Map<number, number>();
const problems: string[] = [];

/**
 * Sends one request over the keep-alive agent and checks the answer against the spec. A request that
 * fails on a reused socket before any answer is sent again, as Node's documentation advises: the
 * server may have closed that idle socket (its keep-alive timeout) just as the agent picked it, and
 * then the request never reached it. Several idle sockets can be stale at once, so it is tried again
 * until it fails on a fresh socket or has tried as many sockets as the agent keeps.
 */
function send(
  body: string | Buffer,
  headers: Record<string, string> = {},
  method = "POST",
  path = "/v1/openai/chat/completions",
  attempt = 1,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port: server.port,
        method,
        path,
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          const violations = specViolations({
            method,
            url: path,
            requestBody: typeof body === "string" ? body : undefined,
            status,
            headers: new Headers(res.headers as Record<string, string>),
            body: text,
          });
          if (violations.length > 0 || status >= 500) {
            problems.push(
              `${status} ${JSON.stringify(violations)} ${text.slice(0, 300)} for ${String(body).slice(0, 300)}`,
            );
          }
          resolve({ status, violations: violations.length });
        });
      },
    );
    let answered = false;
    req.on("response", () => {
      answered = true;
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      const lostRace =
        req.reusedSocket && !answered && (error.code === "ECONNRESET" || error.code === "EPIPE");
      if (lostRace && attempt <= MAX_SOCKETS) return resolve(send(body, headers, method, path, attempt + 1));
      const where = `${req.reusedSocket ? "a reused" : "a fresh"} socket, attempt ${attempt}`;
      problems.push(`request error ${error.message} on ${where} for ${String(body).slice(0, 200)}`);
      resolve({ status: 0, violations: 0 });
    });
    req.end(body);
  });
}

/** Runs `count` requests made by `make`, `concurrency` at a time. */
async function pool(
  count: number,
  concurrency: number,
  make: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await make(next++);
    }),
  );
}

function mutateBytes(text: string): string {
  const chars = [...text];
  const edits = 1 + random.int(4);
  for (let e = 0; e < edits; e++) {
    const at = random.int(chars.length + 1);
    switch (random.int(4)) {
      case 0:
        chars.splice(at, 1 + random.int(8));
        break;
      case 1:
        chars.splice(
          at,
          0,
          random.pick(["{", "}", "[", "]", '"', ",", ":", "\\", "\u0000", "nul", "1e999", "\ud800"]),
        );
        break;
      case 2:
        chars.length = Math.max(0, at);
        break;
      default:
        chars[at] = String.fromCharCode(random.int(128));
    }
  }
  return chars.join("");
}

const WRONG_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  1e308,
  "",
  "x",
  [],
  [null],
  {},
  { a: 1 },
  "9".repeat(400),
  -0,
  [[[]]],
];

/** Replaces the value at one random path of a valid request with a value of another type. */
function wrongType(text: string): string {
  const value = JSON.parse(text) as unknown;
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, [...path, i]);
    } else if (node !== null && typeof node === "object")
      for (const [key, item] of Object.entries(node)) walk(item, [...path, key]);
  };
  walk(value, []);
  const path = random.pick(paths.slice(1));
  let parent = value as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = random.pick(WRONG_VALUES);
  return JSON.stringify(value);
}

function deep(depth: number, where: "messages" | "metadata" | "content" | "schema"): string {
  const open = random.int(2) === 0 ? "[" : '{"a":';
  const close = open === "[" ? "]" : "}";
  const nest = `${open.repeat(depth)}1${close.repeat(depth)}`;
  switch (where) {
    case "messages":
      return `{"messages":${nest}}`;
    case "metadata":
      return `{"messages":[{"role":"user","content":"x"}],"metadata":{"deep":${nest}}}`;
    case "content":
      return `{"messages":[{"role":"user","content":${nest}}]}`;
    default:
      return `{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","schema":{"type":"object","properties":{"p":${nest}}}}}`;
  }
}

/** Raw socket exchanges with broken framing: the parser's 400/431/413, or a close. */
function raw(bytes: string | Buffer, endEarly = false): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const head = received.split("\r\n", 1)[0] ?? "";
      if (received !== "") {
        const status = Number(head.split(" ")[1]);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (!/^HTTP\/1\.1 [45]\d\d /.test(head) || status >= 500)
          problems.push(`raw answer ${head} for ${String(bytes).slice(0, 120)}`);
        const body = received.split("\r\n\r\n")[1] ?? "";
        try {
          if (
            !(
              typeof (JSON.parse(body) as { detail?: unknown }).detail === "string" ||
              Array.isArray((JSON.parse(body) as { detail?: unknown }).detail)
            )
          ) {
            problems.push(`raw answer without detail: ${body.slice(0, 120)}`);
          }
        } catch {
          problems.push(`raw answer not JSON: ${received.slice(0, 200)}`);
        }
      }
      resolve();
    };
    const timer = setTimeout(done, 3_000);
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("close", done);
    socket.on("error", done);
    socket.write(bytes);
    if (endEarly) socket.end();
  });
}

describe("fuzz", () => {
  it("survives ≥ 10,000 malformed requests with well-formed answers and bounded memory", async () => {
    const sent = { http: 0, raw: 0 };
    const counted = (promise: Promise<unknown>, kind: "http" | "raw") => {
      sent[kind]++;
      return promise;
    };
    // Warm up, then take the baseline.
    await pool(200, 8, () => send(random.pick(examples)));
    gc();
    const before = process.memoryUsage();

    await pool(4_200, 12, () => counted(send(mutateBytes(random.pick(examples))), "http"));
    await pool(3_000, 12, () => counted(send(wrongType(random.pick(examples))), "http"));
    await pool(800, 12, () => {
      const junk = Buffer.from(Array.from({ length: 1 + random.int(400) }, () => random.int(256)));
      return counted(send(junk), "http");
    });
    await pool(600, 8, (i) => {
      const where = (["messages", "metadata", "content", "schema"] as const)[i % 4] as "messages";
      return counted(send(deep(i % 100 === 0 ? 100_000 : 100 + random.int(2_000), where)), "http");
    });
    await pool(40, 4, (i) => {
      const size = i % 10 === 0 ? 4_000_000 : 50_000 + random.int(400_000);
      const huge = "é".repeat(size / 2);
      const body = [
        `{"messages":[{"role":"user","content":"${huge}"}]}`,
        `{"messages":[{"role":"${huge}","content":"x"}]}`,
        `{"${huge}":1,"messages":[]}`,
        `{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,${"A".repeat(size)}"}}]}],"n":"x"}`,
      ][i % 4] as string;
      return counted(send(body), "http");
    });
    await pool(8, 4, () => counted(send(`{"messages":"${"x".repeat(9 * 1024 * 1024)}"}`), "http"));
    await pool(600, 12, () => {
      const directive = Array.from({ length: 1 + random.int(4) }, () =>
        random.pick([
          "status=",
          "reset-after=-",
          "explode",
          "delay=99999999",
          "fail-times=0",
          "=",
          ";;",
          "status=600",
          "stall-after=x",
          "redirect=y",
          "retry-after=1",
        ]),
      ).join(random.pick([";", " ; ", ","]));
      return counted(send(random.pick(examples), { "x-vlmchat-fault": directive }), "http");
    });
    await pool(300, 12, (i) =>
      counted(
        send(
          "",
          {},
          random.pick(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"]),
          random.pick([
            "/v1/openai/chat/completions",
            "/v1/openai/models/%E0%A4%A",
            `/x/${i}`,
            "/v1/openai/models/a/b",
            "/v1/health/",
          ]),
        ),
        "http",
      ),
    );
    const rawCases: (() => Promise<void>)[] = [
      () => raw("POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n{}"),
      () =>
        raw(
          "POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ncontent-length: 7\r\n\r\n{}",
        ),
      () =>
        raw(
          "POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: gzip, chunked\r\n\r\nzz\r\n",
        ),
      () =>
        raw(
          "POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nnot-hex\r\n{}\r\n0\r\n\r\n",
        ),
      () => raw(`GET /v1/health HTTP/1.1\r\nhost: x\r\nbad\u0001header: 1\r\n\r\n`),
      () => raw(`GET /v1/health HTTP/1.1\r\nhost: x\r\nx-long: ${"a".repeat(70_000)}\r\n\r\n`),
      () => raw("GET /v1/health HTTP/9.9\r\n\r\n"),
      () => raw("\u0000\u0001\u0002 nonsense\r\n\r\n"),
      () => raw(`GET ${"/a".repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`),
      () =>
        raw("POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 999999999999\r\n\r\n{"),
      // Truncated: fewer bytes than content-length, then the client half-closes.
      () =>
        raw(
          'POST /v1/openai/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 400\r\n\r\n{"messages":[',
          true,
        ),
    ];
    await pool(550, 10, (i) => counted((rawCases[i % rawCases.length] as () => Promise<void>)(), "raw"));
    // Slow bodies: a valid-looking request trickled in small pieces.
    await pool(30, 10, () =>
      counted(
        new Promise<void>((resolve) => {
          const body = mutateBytes(random.pick(examples));
          const req = request(
            {
              agent,
              host: "127.0.0.1",
              port: server.port,
              method: "POST",
              path: "/v1/openai/chat/completions",
              headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
            },
            (res) => {
              res.resume();
              res.on("end", () => {
                statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
                resolve();
              });
            },
          );
          req.on("error", () => resolve());
          const bytes = Buffer.from(body);
          let at = 0;
          const tick = () => {
            if (at >= bytes.length) return void req.end();
            req.write(bytes.subarray(at, at + 64));
            at += 64;
            setTimeout(tick, 5);
          };
          tick();
        }),
        "http",
      ),
    );

    expect(sent.http + sent.raw).toBeGreaterThanOrEqual(10_000);
    expect(problems.slice(0, 5)).toEqual([]);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(5_000);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);

    gc();
    const after = process.memoryUsage();
    // The corpus moved well over 100 MB through the server; what stays (JS heap, and Buffers outside it)
    // must be small. RSS is not compared: V8 keeps freed pages, and the client shares this process.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(48 * 1024 * 1024);
    expect(after.external - before.external).toBeLessThan(48 * 1024 * 1024);
    const health = await send("", {}, "GET", "/v1/health");
    expect(health.status).toBe(200);
  }, 120_000);
});
