/**
 * `pnpm demo [chat|web] …`: the demo's single entry. Runs from the repository root without a build
 * (node --conditions=@vlmchat/source --import tsx), so relative paths resolve from where the user is.
 */
import { DemoError } from "./errors";
import { styleFor } from "./style";
import { USAGE } from "./usage";

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (argv.includes("-h") || argv.includes("--help")) return printUsage();
  if (command === undefined || command.startsWith("-")) {
    const { runTour } = await import("./tour/run-tour");
    return runTour(argv);
  }
  switch (command) {
    case "chat": {
      const { runChat } = await import("./cli/run-chat");
      return runChat(rest);
    }
    case "web": {
      const { runWeb } = await import("./web/run-web");
      return runWeb(rest);
    }
    case "tour": {
      const { runTour } = await import("./tour/run-tour");
      return runTour(rest);
    }
    case "help":
      return printUsage();
    default:
      throw new DemoError(`unknown command '${command}' (commands: tour, chat, web; see --help)`);
  }
}

function printUsage(): number {
  process.stdout.write(USAGE);
  return 0;
}

/**
 * `pnpm demo` runs in the repository root whatever folder it was typed in; pnpm passes that folder as
 * INIT_CWD. Going back there makes `--image photo.png` mean the photo.png the user sees.
 */
function returnToCallersFolder(): void {
  const callerDir = process.env.INIT_CWD;
  if (callerDir && process.env.npm_lifecycle_event?.startsWith("demo")) {
    try {
      process.chdir(callerDir);
    } catch {
      // The folder is gone or unreadable: paths then resolve from the repository root.
    }
  }
}

returnToCallersFolder();
// `pnpm demo | head`: the reader left. Stop writing, not working, so the demo still cleans up.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.stdout.write = () => true;
});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const style = styleFor(process.stderr);
    if (error instanceof DemoError) {
      process.stderr.write(`${style.red("error:")} ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    // Anything else is a bug of the demo or a failure it did not foresee: keep the stack for a report.
    process.stderr.write(
      `${style.red("error:")} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
