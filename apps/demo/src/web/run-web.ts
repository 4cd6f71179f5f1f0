import { parseArgs } from "node:util";
import { DemoError } from "../errors";
import { styleFor } from "../style";
import { startWebDemo } from "./web-demo";

const DEFAULT_PORT = 5178;

/** `pnpm demo:web [--port N] [--host H] [--base-url URL] [--mock]`: serves until Ctrl-C. */
export async function runWeb(argv: readonly string[]): Promise<number> {
  const { values } = parseWebArgs(argv);
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DemoError(`--port must be a port number (0-65535), not '${values.port}'`);
  }
  const style = styleFor(process.stdout);
  process.stdout.write(`${style.dim("building the page with Vite…")}\n`);
  let demo: Awaited<ReturnType<typeof startWebDemo>>;
  try {
    demo = await startWebDemo({
      port,
      host: values.host ?? "127.0.0.1",
      baseURL: values["base-url"],
      forceMock: values.mock,
      latencyMs: values.latency === undefined ? 12 : Number(values.latency),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new DemoError(`port ${port} is in use; pick another with --port (0 = any free port)`);
    }
    throw error;
  }
  const target =
    demo.backendKind === "mock" ? "the embedded mock server" : "VLM Run's API (key kept on the server)";
  process.stdout.write(
    `${style.bold("vlmchat web demo")} on ${style.cyan(demo.url)}  ${style.dim(`→ ${target}; Ctrl-C stops it`)}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await demo.close();
  return 0;
}

function parseWebArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "base-url": { type: "string" },
        mock: { type: "boolean", default: false },
        latency: { type: "string" },
      },
      allowPositionals: false,
    });
  } catch (error) {
    throw new DemoError((error as Error).message);
  }
}
