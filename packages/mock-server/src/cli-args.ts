import { parseArgs } from "node:util";
import type { LogFormat, MockServerOptions } from "./options";

export const USAGE = `Usage: vlmchat-mock [options]

A local server that speaks VLM Run's chat completions API (real 422s, streaming, sessions,
fault injection). Prints its base URL on stdout; logs go to stderr.

Options:
  --port <n>               port to listen on; 0 picks a free one (default 0)
  --host <address>         interface to listen on (default 127.0.0.1)
  --token <key>            require "Authorization: Bearer <key>" (default: serve guests)
  --db <path>              keep sessions in this SQLite file (needs better-sqlite3; default: in memory)
  --session-memory <bytes> in-memory sessions: bytes of turns kept (default 67108864, 64 MiB)
  --latency <ms>           wait before each streamed chunk (default 0)
  --body-limit <bytes>     largest request body (default 52428800, 50 MiB)
  --max-connections <n>    open connections at once (default 512)
  --request-timeout <ms>   time to send a whole request, body included (default 30000)
  --headers-timeout <ms>   time to send a request's headers (default 10000)
  --file-storage <bytes>   bytes of uploaded files kept (default 1073741824, 1 GiB); then 507
  --upload-limit <bytes>   largest uploaded file (default 536870912, 512 MiB)
  --upload-port <n>        serve presigned uploads on this second port (0: a free one)
  --upstream <url>         proxy mode: forward to this server and check every exchange
  --upstream-token <key>   proxy mode: bearer token sent upstream (default: the caller's)
  --violations-log <path>  proxy mode: JSON-lines violation log (default .vlmchat/violations.jsonl)
  --log <json|pretty|silent>  request log format (default pretty)
  -h, --help               show this help
`;

export type CliCommand =
  | { kind: "serve"; options: MockServerOptions }
  | { kind: "help" }
  | { kind: "error"; message: string };

/** Reads the command line; every mistake is a message for the user, never a stack trace. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        token: { type: "string" },
        db: { type: "string" },
        latency: { type: "string" },
        "body-limit": { type: "string" },
        "session-memory": { type: "string" },
        "max-connections": { type: "string" },
        "request-timeout": { type: "string" },
        "headers-timeout": { type: "string" },
        "file-storage": { type: "string" },
        "upload-limit": { type: "string" },
        "upload-port": { type: "string" },
        upstream: { type: "string" },
        "upstream-token": { type: "string" },
        "violations-log": { type: "string" },
        log: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
  if (values.help) return { kind: "help" };
  const options: MockServerOptions = { log: "pretty" };
  type NumberOption =
    | "port"
    | "latencyMs"
    | "bodyLimit"
    | "sessionMemory"
    | "maxConnections"
    | "requestTimeout"
    | "headersTimeout"
    | "fileStorage"
    | "uploadLimit"
    | "uploadPort";
  const numbers: [string, NumberOption][] = [
    ["port", "port"],
    ["latency", "latencyMs"],
    ["body-limit", "bodyLimit"],
    ["session-memory", "sessionMemory"],
    ["max-connections", "maxConnections"],
    ["request-timeout", "requestTimeout"],
    ["headers-timeout", "headersTimeout"],
    ["file-storage", "fileStorage"],
    ["upload-limit", "uploadLimit"],
    ["upload-port", "uploadPort"],
  ];
  for (const [flag, field] of numbers) {
    const raw = values[flag];
    if (typeof raw !== "string") continue;
    if (!/^\d+$/.test(raw))
      return { kind: "error", message: `--${flag} must be a whole number, got "${raw}"` };
    options[field] = Number(raw);
  }
  const strings: [string, "host" | "token" | "db" | "upstream" | "upstreamToken" | "violationsLog"][] = [
    ["host", "host"],
    ["token", "token"],
    ["db", "db"],
    ["upstream", "upstream"],
    ["upstream-token", "upstreamToken"],
    ["violations-log", "violationsLog"],
  ];
  for (const [flag, field] of strings) {
    const raw = values[flag];
    if (typeof raw === "string") options[field] = raw;
  }
  if (typeof values.log === "string") {
    if (!["json", "pretty", "silent"].includes(values.log)) {
      return { kind: "error", message: `--log must be json, pretty or silent, got "${values.log}"` };
    }
    options.log = values.log as LogFormat;
  }
  return { kind: "serve", options };
}
