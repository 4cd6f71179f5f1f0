import type { ChatCompletionCreateParams, ChatCompletionStream, ContentPart, VlmChat } from "@vlmchat/client";
import { formatDetail } from "@vlmchat/client";
import { validateStructuredOutput } from "@vlmchat/validation/structured-output";
import { DEFAULT_SESSIONS_DIR, openBackend } from "../backend";
import { describeFailure } from "../describe-failure";
import { DemoError } from "../errors";
import { styleFor } from "../style";
import { parseChatArgs } from "./chat-args";
import { inputPart } from "./input-parts";
import { readSchemaFile } from "./schema-file";

/**
 * `pnpm demo chat "PROMPT" [--image|--file|--video|--audio PATH]… [--schema s.json] [--no-stream] …`
 * The answer goes to stdout (pipe it anywhere); progress, the session id and checks go to stderr.
 * Every input is checked before anything starts: a bad one costs no server and no request.
 */
export async function runChat(argv: readonly string[]): Promise<number> {
  const args = parseChatArgs(argv);
  const model = args.model;
  const schemaFile = args.schemaPath === undefined ? undefined : await readSchemaFile(args.schemaPath);
  const schema = schemaFile?.schema;
  const parts: ContentPart[] = [];
  for (const input of args.inputs) parts.push(await inputPart(input.kind, input.path));

  const err = styleFor(process.stderr);
  for (const warning of schemaFile?.warnings ?? []) {
    process.stderr.write(`${err.yellow("warning:")} --schema ${args.schemaPath}: ${warning}\n`);
  }
  const backend = await openBackend({
    sessions: { dir: DEFAULT_SESSIONS_DIR },
    baseURL: args.baseURL,
    forceMock: args.forceMock,
  });
  try {
    const request: ChatCompletionCreateParams = {
      model,
      messages: [
        {
          role: "user",
          content: [...(args.prompt ? [{ type: "text" as const, text: args.prompt }] : []), ...parts],
        },
      ],
      ...(args.sessionId ? { session_id: args.sessionId } : {}),
      ...(schema ? { response_format: { type: "json_schema" as const, schema } } : {}),
    };
    const client = backend.client();
    const { content, sessionId } = args.stream
      ? await streamAnswer(client, request)
      : await wholeAnswer(client, request);
    if (schema) {
      const checked = validateStructuredOutput({ type: "json_schema", schema }, content);
      if (!checked.ok) {
        throw new DemoError(
          `the answer does not match ${args.schemaPath}: ${formatDetail(checked.detail).join("; ")}`,
          1,
        );
      }
      process.stderr.write(`${err.green("✓")} valid against ${args.schemaPath}\n`);
    }
    const where = backend.kind === "mock" ? "the embedded mock server" : new URL(backend.baseURL).host;
    const next = sessionId ? ` · continue with --session ${sessionId}` : "";
    process.stderr.write(`${err.dim(`${model} via ${where}${next}`)}\n`);
    return 0;
  } catch (error) {
    throw describeFailure(error);
  } finally {
    await backend.close();
  }
}

interface Answer {
  readonly content: string;
  readonly sessionId: string;
}

async function streamAnswer(client: VlmChat, request: ChatCompletionCreateParams): Promise<Answer> {
  const stream: ChatCompletionStream = await client.chat.completions.create({ ...request, stream: true });
  let content = "";
  let sessionId = "";
  for await (const chunk of stream) {
    sessionId = chunk.session_id || sessionId;
    const delta = chunk.choices[0]?.delta?.content;
    if (delta) {
      content += delta;
      process.stdout.write(delta);
    }
  }
  process.stdout.write("\n");
  return { content, sessionId };
}

async function wholeAnswer(client: VlmChat, request: ChatCompletionCreateParams): Promise<Answer> {
  const completion = await client.chat.completions.create({ ...request, stream: false });
  const content = completion.choices[0]?.message.content ?? "";
  // Structured answers are printed indented, as a person reads them; `--no-stream` gives them whole.
  process.stdout.write(`${request.response_format ? prettyJson(content) : content}\n`);
  return { content, sessionId: completion.session_id ?? "" };
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
