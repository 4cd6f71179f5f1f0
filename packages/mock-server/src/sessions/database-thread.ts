import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  isMainThread,
  MessageChannel,
  type MessagePort,
  parentPort,
  receiveMessageOnPort,
  Worker,
  workerData,
} from "node:worker_threads";
import {
  openSqlite,
  type SessionDatabase,
  type SessionSnapshot,
  type StoredTurn,
  type TurnRow,
} from "./sqlite";

/**
 * The session file, served from a thread of its own: the request thread hands over batches of turns
 * and goes on answering while SQLite writes them (a tenth of a request's cost, moved off the hot path).
 * Writes are posted; reads (a session not in the request thread's cache) wait for their answer, and
 * see every write posted before them, since one port carries both in order.
 */
const ROLE = "vlmchat-session-database";

type Command =
  /** The rows as JSON text: one string crosses threads far faster than an array of objects. */
  | { kind: "write"; rows: string }
  | { kind: "read"; sessionId: string }
  | { kind: "list"; sessionId: string }
  | { kind: "close" };

/** What the thread says about itself, through the worker's own channel. */
type Status = { kind: "ready" } | { kind: "failed"; message: string } | { kind: "error"; message: string };

/** The answer to a read, through the replies port (read synchronously, never by events). */
type Reply =
  | { kind: "read"; value: SessionSnapshot }
  | { kind: "list"; value: StoredTurn[] }
  | { kind: "failed"; message: string };

interface ThreadData {
  role: typeof ROLE;
  path: string;
  commands: MessagePort;
  replies: MessagePort;
  signal: SharedArrayBuffer;
}

/** How long a read may wait for the database thread before the request fails. */
const READ_TIMEOUT_MS = 10_000;

/** Starts the database thread on `path`; rejects (with SQLite's reason) when the file cannot be used. */
export function openInThread(path: string, onError: (error: Error) => void): Promise<SessionDatabase> {
  const commands = new MessageChannel();
  const replies = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const data: ThreadData = { role: ROLE, path, commands: commands.port2, replies: replies.port2, signal };
  const worker = startWorker(data, [commands.port2, replies.port2]);
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  let stopped = false;
  void exited.then(() => {
    stopped = true;
  });

  const send = (command: Command) => commands.port1.postMessage(command);
  const answer = (): Reply => {
    for (;;) {
      const message = receiveMessageOnPort(replies.port1);
      if (message) return message.message as Reply;
      if (stopped) throw new Error("the session database thread has stopped");
      if (Atomics.wait(flag, 0, 0, READ_TIMEOUT_MS) === "timed-out") {
        throw new Error(`the session database thread did not answer within ${READ_TIMEOUT_MS} ms`);
      }
      Atomics.store(flag, 0, 0);
    }
  };
  const handle: SessionDatabase = {
    write(rows) {
      if (rows.length > 0) send({ kind: "write", rows: JSON.stringify(rows) });
    },
    read(sessionId) {
      send({ kind: "read", sessionId });
      const reply = answer();
      if (reply.kind !== "read")
        throw new Error(reply.kind === "failed" ? reply.message : "unexpected reply");
      return reply.value;
    },
    list(sessionId) {
      send({ kind: "list", sessionId });
      const reply = answer();
      if (reply.kind !== "list")
        throw new Error(reply.kind === "failed" ? reply.message : "unexpected reply");
      return reply.value;
    },
    async close() {
      send({ kind: "close" });
      await exited;
      commands.port1.close();
      replies.port1.close();
    },
  };

  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    worker.on("error", (error) => {
      reject(error);
      onError(error);
    });
    void exited.then(() =>
      reject(new Error(failure ?? "the session database thread stopped before it was ready")),
    );
    worker.on("message", (status: Status) => {
      if (status.kind === "ready") resolve(handle);
      else if (status.kind === "failed") failure = status.message;
      else onError(new Error(`session database: ${status.message}`));
    });
  });
}

/**
 * The worker runs this very module. Built (`.js`) it needs nothing more; from source (`.ts`, under tsx
 * or vitest) it first registers tsx's loader in the new thread, which does not inherit it.
 */
function startWorker(data: ThreadData, transfer: MessagePort[]): Worker {
  const self = fileURLToPath(import.meta.url);
  // tsx's ESM API (its `.mjs` build: the `.cjs` one cannot be imported from a fresh thread).
  const tsx = self.endsWith(".ts")
    ? createRequire(import.meta.url)
        .resolve("tsx/esm/api")
        .replace(/\.cjs$/, ".mjs")
    : undefined;
  const boot = `
    const { workerData } = require("node:worker_threads");
    const { pathToFileURL } = require("node:url");
    (async () => {
      if (workerData.tsx) (await import(pathToFileURL(workerData.tsx).href)).register();
      await import(pathToFileURL(workerData.self).href);
    })();`;
  // No inherited execArgv: a parent's `--import tsx` would load a second copy of the loader in the thread.
  const worker = new Worker(boot, {
    eval: true,
    execArgv: [],
    workerData: { ...data, self, tsx },
    transferList: transfer,
  });
  return worker;
}

function serve(data: ThreadData): void {
  const flag = new Int32Array(data.signal);
  const status = (message: Status) => parentPort?.postMessage(message);
  const reply = (message: Reply) => {
    data.replies.postMessage(message);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  let database: SessionDatabase;
  try {
    database = openSqlite(data.path);
  } catch (error) {
    status({ kind: "failed", message: (error as Error).message });
    data.commands.close();
    return;
  }
  status({ kind: "ready" });
  data.commands.on("message", (command: Command) => {
    try {
      switch (command.kind) {
        case "write":
          database.write(JSON.parse(command.rows) as TurnRow[]);
          break;
        case "read":
          reply({ kind: "read", value: database.read(command.sessionId) });
          break;
        case "list":
          reply({ kind: "list", value: database.list(command.sessionId) });
          break;
        case "close":
          void database.close().then(() => data.commands.close());
          break;
      }
    } catch (error) {
      // A failed write loses its batch, not the thread: the server goes on, and says so in its log.
      if (command.kind === "write" || command.kind === "close")
        status({ kind: "error", message: (error as Error).message });
      else reply({ kind: "failed", message: (error as Error).message });
    }
  });
}

if (!isMainThread && (workerData as Partial<ThreadData> | null)?.role === ROLE)
  serve(workerData as ThreadData);
