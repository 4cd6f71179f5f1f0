import { formatBytes } from "./format-bytes";

interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

export interface Activity {
  /** Clears the line; the next output starts clean. */
  stop(): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const REDRAW_MS = 100;
const NOTHING: Activity = { stop() {} };

export interface ActivityOptions {
  /** Size of what is being worked on, shown beside the label. */
  readonly bytes: number;
  /** Below this size nothing is drawn: small inputs are done before a person could read the line. */
  readonly minBytes?: number;
  readonly stream?: ProgressStream;
}

/**
 * A spinner with the elapsed time on stderr while a big input is read and encoded: a pipe or a log file
 * gets nothing, and neither does an input too small to take a noticeable time.
 */
export function startActivity(label: string, options: ActivityOptions): Activity {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY !== true || options.bytes < (options.minBytes ?? 1024 * 1024)) return NOTHING;
  const started = Date.now();
  let frame = 0;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const text = `${FRAMES[frame++ % FRAMES.length]} ${label} (${formatBytes(options.bytes)}) ${seconds} s`;
    stream.write(`\r\u001b[2K${text.slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
  };
  draw();
  const timer = setInterval(draw, REDRAW_MS);
  // The spinner alone must not keep the process alive.
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      stream.write("\r\u001b[2K");
    },
  };
}

export interface ProgressBar {
  /** Redraws with `loaded` of the total done (at most every 50 ms, and always at the end). */
  update(loaded: number): void;
  /** Clears the line; the next output starts clean. */
  stop(): void;
}

const BAR_WIDTH = 24;
const BAR_REDRAW_MS = 50;

/** A progress bar on stderr (terminals only) for bytes going out: `label [████░░░░] 40% 16.0 MB / 40.0 MB`. */
export function startProgressBar(
  label: string,
  total: number,
  stream: ProgressStream = process.stderr,
): ProgressBar {
  if (stream.isTTY !== true) return { update() {}, stop() {} };
  let drawnAt = 0;
  const draw = (loaded: number) => {
    const share = total > 0 ? Math.min(1, loaded / total) : 1;
    const filled = Math.round(share * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    const text = `${label} [${bar}] ${Math.floor(share * 100)}% ${formatBytes(loaded)} / ${formatBytes(total)}`;
    stream.write(`\r\u001b[2K${text.slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
  };
  draw(0);
  return {
    update(loaded) {
      const now = Date.now();
      if (loaded < total && now - drawnAt < BAR_REDRAW_MS) return;
      drawnAt = now;
      draw(loaded);
    },
    stop() {
      stream.write("\r\u001b[2K");
    },
  };
}
