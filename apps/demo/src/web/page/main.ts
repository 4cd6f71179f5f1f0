import {
  APIError,
  artifactRefs,
  audio,
  document as documentPart,
  formatDetail,
  image,
  UnprocessableEntityError,
  VlmChat,
  video,
} from "@vlmchat/client";
import receiptSchema from "../../../samples/receipt.schema.json";
import { ReceiptSchema } from "../../receipt";
import { type Attachment, AttachmentTray } from "./attachments";
import { ConversationView } from "./conversation-view";
import { JsonPanel } from "./json-panel";

interface AppConfig {
  readonly backend: "mock" | "api";
  readonly apiOrigin: string | null;
  readonly defaultModel: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  backend: $("backend"),
  model: $<HTMLSelectElement>("model"),
  format: $<HTMLSelectElement>("format"),
  toolsets: $<HTMLSelectElement>("toolsets"),
  session: $("session"),
  newChat: $<HTMLButtonElement>("new-chat"),
  composer: $<HTMLFormElement>("composer"),
  fileInput: $<HTMLInputElement>("file-input"),
  prompt: $<HTMLTextAreaElement>("prompt"),
  send: $<HTMLButtonElement>("send"),
  stop: $<HTMLButtonElement>("stop"),
  error: $("error"),
};

// The page talks only to its own server, which adds the API key on the way out: no key is in the browser.
const client = new VlmChat({ baseURL: `${location.origin}/api/v1/openai`, apiKey: null, maxRetries: 1 });
const conversation = new ConversationView($("messages"));
const jsonPanel = new JsonPanel($("json-panel"), $("json-status"));
const tray = new AttachmentTray($("attachments"), showError);
let sessionId: string | undefined;
let current: AbortController | undefined;

function showError(message: string): void {
  ui.error.textContent = message;
  ui.error.hidden = message === "";
}

function setSession(id: string | undefined): void {
  sessionId = id;
  ui.session.textContent = id ? `session ${id.slice(0, 8)}…` : "new session";
  ui.session.title = id ?? "The conversation's session id";
  ui.session.dataset.sessionId = id ?? "";
}

async function contentPart(item: Attachment) {
  switch (item.kind) {
    case "image":
      return image(item.file);
    case "video":
      return video(item.file);
    case "audio":
      return audio(item.file);
    default:
      return documentPart(item.file);
  }
}

async function send(): Promise<void> {
  const text = ui.prompt.value.trim();
  const attachments = tray.attachments;
  if (text === "" && attachments.length === 0) return;
  showError("");
  const structured = ui.format.value === "receipt";
  let parts: Awaited<ReturnType<typeof contentPart>>[];
  try {
    parts = await Promise.all(attachments.map(contentPart));
  } catch (error) {
    showError(error instanceof Error ? error.message : String(error));
    return;
  }
  tray.take();
  ui.prompt.value = "";
  conversation.addUser(text, attachments);
  const answer = conversation.addAssistant();
  if (structured) jsonPanel.pending();
  const abort = new AbortController();
  current = abort;
  setBusy(true);
  const started = performance.now();
  let content = "";
  let chunks = 0;
  try {
    const stream = await client.chat.completions.create(
      {
        model: ui.model.value as never,
        messages: [{ role: "user", content: [...(text ? [{ type: "text" as const, text }] : []), ...parts] }],
        stream: true,
        ...(sessionId ? { session_id: sessionId } : {}),
        ...(structured ? { response_format: { type: "json_schema", schema: receiptSchema } } : {}),
        ...(ui.toolsets.value === "image-gen" ? { toolsets: ["image-gen" as const] } : {}),
      },
      { signal: abort.signal },
    );
    for await (const chunk of stream) {
      if (chunk.session_id && chunk.session_id !== sessionId) setSession(chunk.session_id);
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        content += delta;
        chunks++;
        answer.append(delta);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    answer.finish(`${ui.model.value} · ${chunks} chunks · ${seconds} s`);
    if (structured) showStructured(content);
    await showImages(content, answer);
  } catch (error) {
    answer.fail(abort.signal.aborted ? "stopped" : describe(error));
  } finally {
    current = undefined;
    setBusy(false);
  }
}

/** The images an answer names (`img_…`), fetched through the app server's artifact relay. */
async function showImages(
  content: string,
  answer: ReturnType<ConversationView["addAssistant"]>,
): Promise<void> {
  if (!sessionId) return;
  for (const id of artifactRefs(content).filter((ref) => ref.startsWith("img_"))) {
    const artifact = await client.artifacts.retrieve({ session_id: sessionId, object_id: id });
    answer.image(URL.createObjectURL(await artifact.blob()), id);
  }
}

function showStructured(content: string): void {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (error) {
    jsonPanel.invalid([`not JSON: ${error instanceof Error ? error.message : String(error)}`], content);
    return;
  }
  const checked = ReceiptSchema.safeParse(value);
  if (checked.success) jsonPanel.show(checked.data, "valid against the receipt schema");
  else
    jsonPanel.invalid(
      checked.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      content,
    );
}

function describe(error: unknown): string {
  if (error instanceof UnprocessableEntityError) return `422: ${formatDetail(error.detail).join("\n")}`;
  if (error instanceof APIError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function setBusy(busy: boolean): void {
  ui.send.disabled = busy;
  ui.stop.hidden = !busy;
  document.body.dataset.busy = String(busy);
}

async function start(): Promise<void> {
  const config = (await (await fetch("/api/config")).json()) as AppConfig;
  ui.backend.textContent =
    config.backend === "mock" ? "embedded mock server" : `VLM Run API · ${config.apiOrigin}`;
  ui.backend.className = `badge ${config.backend}`;
  const models = await client.models.list();
  const ids = models.data.map((model) => model.id);
  ui.model.replaceChildren(
    ...ids.map((id) => new Option(id, id, id === config.defaultModel, id === config.defaultModel)),
  );
  document.body.dataset.ready = "true";
}

ui.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  void send();
});
ui.prompt.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.fileInput.addEventListener("change", () => {
  tray.add(ui.fileInput.files ?? []);
  ui.fileInput.value = "";
});
ui.stop.addEventListener("click", () => current?.abort());
ui.newChat.addEventListener("click", () => {
  current?.abort();
  conversation.clear();
  setSession(undefined);
});
for (const target of [ui.prompt, document.body]) {
  target.addEventListener("dragover", (event) => event.preventDefault());
  target.addEventListener("drop", (event) => {
    event.preventDefault();
    tray.add((event as DragEvent).dataTransfer?.files ?? []);
  });
}

start().catch((error: unknown) => showError(`Could not start: ${describe(error)}`));
