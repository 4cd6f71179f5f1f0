import type { LogFormat } from "./options";

/** One finished exchange, as the request log records it. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  ms: number;
  requestId: string;
  /** What else happened: the injected fault, a client that went away, a proxy violation count. */
  note?: string;
}

export interface Logger {
  request(record: RequestRecord): void;
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, error?: unknown): void;
}

type Sink = (line: string) => void;

const writeStderr: Sink = (line) => {
  process.stderr.write(`${line}\n`);
};

/** Logs go to stderr, so stdout stays free for the CLI's one line: the base URL. */
export function createLogger(format: LogFormat, sink: Sink = writeStderr): Logger {
  if (format === "silent") {
    return { request() {}, info() {}, error() {} };
  }
  if (format === "json") {
    return {
      request(record) {
        sink(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "request", ...record }));
      },
      info(message, fields) {
        sink(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: message, ...fields }));
      },
      error(message, error) {
        sink(
          JSON.stringify({
            time: new Date().toISOString(),
            level: "error",
            msg: message,
            error: describe(error),
          }),
        );
      },
    };
  }
  return {
    request(record) {
      const note = record.note ? `  ${record.note}` : "";
      sink(`${record.method} ${record.path} ${record.status} ${record.ms.toFixed(1)}ms${note}`);
    },
    info(message, fields) {
      const extra = fields
        ? ` ${Object.entries(fields)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(" ")}`
        : "";
      sink(`${message}${extra}`);
    },
    error(message, error) {
      sink(`error: ${message}${error === undefined ? "" : `: ${describe(error)}`}`);
    },
  };
}

function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (error instanceof Error) return error.stack ?? error.message;
  return String(error);
}
