import { parseArgs } from "node:util";
import type { ModelId } from "@vlmchat/client";
import { type Backend, openBackend } from "../backend";
import { describeFailure } from "../describe-failure";
import { DemoError } from "../errors";
import { DEFAULT_MODEL } from "../models";
import { styleFor } from "../style";
import { askAboutImage } from "./ask-image";
import { badRequest } from "./bad-request";
import { extractReceipt } from "./extract-receipt";
import { fileAndArtifact } from "./file-and-artifact";
import { followUp } from "./follow-up";
import { TourPrinter } from "./printer";
import { StepFailed, type TourContext } from "./tour-context";

/** Delay between the mock's streamed chunks: slow enough to see the answer arrive, quick enough not to wait. */
const MOCK_LATENCY_MS = 15;

/**
 * `pnpm demo`: the scripted tour. Against the embedded mock server by default; against VLM Run's API
 * when VLMRUN_API_KEY is set (`--base-url` to change the host, `--mock` to stay offline anyway).
 * `--out DIR`: where step 5 saves the image it gets back (default: a new temporary folder).
 */
export async function runTour(argv: readonly string[]): Promise<number> {
  const options = parseTourArgs(argv);
  const model = options.model ?? DEFAULT_MODEL;
  const print = new TourPrinter(process.stdout, styleFor(process.stdout));
  const backend = await openBackend({
    sessions: "temp",
    baseURL: options["base-url"],
    forceMock: options.mock,
    latencyMs: options.latency === undefined ? MOCK_LATENCY_MS : Number(options.latency),
  });
  try {
    introduce(print, backend, model);
    const ctx: TourContext = { backend, client: backend.client(), print, model };
    const failures = await runSteps(ctx, options.out);
    print.line();
    if (failures.length === 0) {
      print.line(
        `${print.style.green("✓")} ${print.style.bold("Tour complete:")} all ${STEPS} steps went as expected.`,
      );
      print.line(
        print.style.dim(
          '  Next: pnpm demo chat "…" --image your.png   ·   pnpm demo:web   ·   pnpm demo --help',
        ),
      );
      return 0;
    }
    for (const failure of failures) process.stderr.write(`tour: step ${failure}\n`);
    process.stderr.write(`tour failed: ${failures.length} of ${STEPS} steps did not go as expected\n`);
    return 1;
  } finally {
    await backend.close();
  }
}

const STEPS = 5;

async function runSteps(ctx: TourContext, outDir: string | undefined): Promise<string[]> {
  const failures: string[] = [];
  const step = async (number: number, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (error) {
      const described = describeFailure(error);
      // A bug of the demo (not a failed expectation or a request error) stops the tour with its stack.
      if (!(described instanceof StepFailed || described instanceof DemoError)) throw error;
      ctx.print.fail(described.message);
      failures.push(`${number}: ${described.message}`);
      return false;
    }
  };
  const chat = ctx.client.chat.session({ defaults: { model: ctx.model } });
  if (await step(1, () => askAboutImage(ctx, chat))) await step(2, () => followUp(ctx, chat));
  else failures.push("2: skipped, it needs the session of step 1");
  await step(3, () => extractReceipt(ctx));
  await step(4, () => badRequest(ctx));
  await step(5, () => fileAndArtifact(ctx, outDir));
  return failures;
}

function introduce(print: TourPrinter, backend: Backend, model: ModelId): void {
  const { style } = print;
  print.line(`${style.bold("vlmchat")} demo tour · ${style.dim("model")} ${model}`);
  if (backend.kind === "mock") {
    print.line(
      `${style.dim("against")} the embedded mock server at ${style.cyan(backend.baseURL)} ${style.dim("(no key, no network)")}`,
    );
    print.line(style.dim(`sessions in ${backend.sessionsDb} (removed at the end)`));
  } else {
    print.line(
      `${style.dim("against")} VLM Run's API at ${style.cyan(backend.baseURL)} ${style.dim("(key from VLMRUN_API_KEY)")}`,
    );
  }
}

function parseTourArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: false,
      options: {
        "base-url": { type: "string" },
        model: { type: "string", short: "m" },
        mock: { type: "boolean", default: false },
        latency: { type: "string" },
        out: { type: "string" },
      },
    }).values;
  } catch (error) {
    throw new DemoError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
}
