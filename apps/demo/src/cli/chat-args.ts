import { parseArgs } from "node:util";
import { DemoError } from "../errors";
import { DEFAULT_MODEL } from "../models";
import type { InputKind } from "./input-parts";

export interface ChatArgs {
  readonly prompt: string;
  readonly inputs: readonly { kind: InputKind; path: string }[];
  readonly model: string;
  readonly schemaPath: string | undefined;
  readonly stream: boolean;
  readonly sessionId: string | undefined;
  readonly baseURL: string | undefined;
  readonly forceMock: boolean;
}

const INPUT_KINDS: readonly InputKind[] = ["image", "file", "video", "audio"];

/** `chat "PROMPT" --image a.png --file b.pdf … --model M --schema s.json --no-stream --session ID`. */
export function parseChatArgs(argv: readonly string[]): ChatArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs explains itself well ("Unknown option '--imgae'"); drop its advice about `--`.
    throw new DemoError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  const { values, tokens } = parsed;
  // Keep the inputs in the order they were given: the model sees them in that order.
  const inputs = (tokens ?? []).flatMap((token) =>
    token.kind === "option" && INPUT_KINDS.includes(token.name as InputKind) && token.value !== undefined
      ? [{ kind: token.name as InputKind, path: token.value }]
      : [],
  );
  const prompt = parsed.positionals.join(" ").trim();
  if (prompt === "" && inputs.length === 0) {
    throw new DemoError(
      'chat needs a prompt, e.g. pnpm demo chat "What is in this picture?" --image photo.png',
    );
  }
  if (values.session !== undefined && values.session.trim() === "")
    throw new DemoError("--session needs an id");
  return {
    prompt,
    inputs,
    model: values.model ?? DEFAULT_MODEL,
    schemaPath: values.schema,
    stream: values.stream,
    sessionId: values.session,
    baseURL: values["base-url"],
    forceMock: values.mock,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
    options: {
      image: { type: "string", multiple: true },
      file: { type: "string", multiple: true },
      video: { type: "string", multiple: true },
      audio: { type: "string", multiple: true },
      model: { type: "string", short: "m" },
      schema: { type: "string" },
      stream: { type: "boolean", default: true },
      session: { type: "string" },
      "base-url": { type: "string" },
      mock: { type: "boolean", default: false },
    },
  });
}
