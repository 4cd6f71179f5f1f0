import type { IncomingMessage, ServerResponse } from "node:http";
import type { CoreContext } from "../context";
import type { ViolationLog } from "../proxy/violations";

/** The core's context, plus what only the `node:http` server has: its address and proxy mode. */
export interface ServerContext extends CoreContext {
  /** The server's own origin (`http://127.0.0.1:43123`), known once it listens: never the `Host` header. */
  origin: string;
  /** Proxy mode only: where violations are written. */
  violationLog: ViolationLog | undefined;
}

/** One proxied exchange on `node:http` (proxy mode relays bytes and stays on the socket's objects). */
export interface NodeExchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** A short note for the request log (a violation count, a client gone). */
  note?: string;
}
