import { formatBytes } from "./format-bytes";

interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

export interface Progress {
  /** `done` bytes of `total` handled so far. */
  update(done: number): void;
  /** A step with no byte count, e.g. "encoding". */
  phase(text: string): void;
  /** Clears the line; the next output starts clean. */
  finish(): void;
}

const SILENT: Progress = { update() {}, phase() {}, finish() {} };
const REDRAW_MS = 80;

/**
 * A one-line progress bar on stderr for reading and encoding big inputs. It draws only on a terminal
 * (a pipe or a log file gets nothing) and only for inputs big enough to take a noticeable time.
 */
export function createProgress(
  label: string,
  total: number,
  stream: ProgressStream = process.stderr,
  minBytes = 4 * 1024 * 1024,
): Progress {
  if (stream.isTTY !== true || total < minBytes) return SILENT;
  let lastDraw = 0;
  let drawn = false;
  const draw = (text: string) => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\u001b[2K${text.slice(0, width)}`);
    drawn = true;
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - lastDraw < REDRAW_MS && done < total) return;
      lastDraw = now;
      const share = Math.min(1, done / total);
      const bar = "#".repeat(Math.round(share * 24)).padEnd(24, ".");
      draw(`${label} [${bar}] ${Math.round(share * 100)}% of ${formatBytes(total)}`);
    },
    phase(text) {
      draw(`${label}: ${text}`);
    },
    finish() {
      if (drawn) stream.write("\r\u001b[2K");
    },
  };
}
