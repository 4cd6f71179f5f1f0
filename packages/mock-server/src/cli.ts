#!/usr/bin/env node
import { parseCliArgs, USAGE } from "./cli-args";
import { startMockServer } from "./server";

const command = parseCliArgs(process.argv.slice(2));
if (command.kind === "help") {
  process.stdout.write(USAGE);
} else if (command.kind === "error") {
  process.stderr.write(`vlmchat-mock: ${command.message}\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  try {
    const server = await startMockServer(command.options);
    // The one line on stdout: the base URL, for people and for scripts that start the CLI.
    process.stdout.write(`${server.baseURL}\n`);
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second signal: the user does not want to wait for connections to close.
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
      stopping = true;
      void server.close().then(() => process.exit(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  } catch (error) {
    process.stderr.write(`vlmchat-mock: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
