/** Where the client reports requests, retries and polls. Never given a header, a body or the API key. */
export interface Logger {
  /** One line per failed attempt, saying whether it is retried and when. */
  warn?: ((message: string) => void) | undefined;
  /** One line per answered request. */
  info?: ((message: string) => void) | undefined;
  /** One line per poll of a long request. */
  debug?: ((message: string) => void) | undefined;
}

/** How much the client logs: `VLMRUN_LOG` or the `logLevel` option. */
export type LogLevel = "debug" | "info" | "warn" | "off";

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "off"];

/** `level` when it names a level; a `TypeError` naming the levels when it does not. */
export function parseLogLevel(level: string, where: string): LogLevel {
  if ((LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new TypeError(`${where} must be one of ${LEVELS.join(", ")}; got ${JSON.stringify(level)}`);
}

/**
 * The logger the client writes to: `logger` (else the console, when a level is set) with the lines below
 * `level` left out. With neither, nothing is logged.
 */
export function levelLogger(logger: Logger | undefined, level: LogLevel | undefined): Logger | undefined {
  if (level === undefined) return logger;
  const target: Logger = logger ?? console;
  const from = LEVELS.indexOf(level);
  const at = (name: "debug" | "info" | "warn") =>
    LEVELS.indexOf(name) >= from && target[name] ? (message: string) => target[name]?.(message) : undefined;
  return { warn: at("warn"), info: at("info"), debug: at("debug") };
}
