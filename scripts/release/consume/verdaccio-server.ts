/**
 * A Verdaccio 6 registry for the publish-and-consume test, run as a child process:
 * `node --import tsx verdaccio-server.ts <config.yaml>`. It listens on 127.0.0.1 at a free port and prints
 * `listening <url>` once; the config has no uplinks, so it never reaches the internet.
 */
import type { AddressInfo } from "node:net";
import { runServer } from "verdaccio";

const [configPath] = process.argv.slice(2);
if (!configPath) {
  console.error("usage: verdaccio-server.ts <config.yaml>");
  process.exit(2);
}
const server = await runServer(configPath);
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`listening http://127.0.0.1:${port}/`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// The parent holds an IPC channel open: when it dies, however it dies, the registry goes too.
process.on("disconnect", stop);
