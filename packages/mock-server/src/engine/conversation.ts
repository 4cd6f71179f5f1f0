import type { ChatCompletionRequest, Message } from "@vlmchat/types";
import { describeContent, type FileLookup, type PartDescription } from "./content-parts";

/** A tool message answering one of the assistant's calls. */
export interface ToolResult {
  callId: string;
  /** The function's name, from the assistant message that made the call (when the request carries it). */
  name: string | undefined;
  content: string;
}

/** What the engine reads from a request's messages. */
export interface Conversation {
  messages: Message[];
  /** Each message's content parts, described. */
  parts: PartDescription[][];
  /** The content parts of the last user message. */
  lastUserParts: PartDescription[];
  /** The text of the last user message (its text parts, joined by newlines), if there is one. */
  lastUserText: string | undefined;
  /** The tool messages after the last assistant message: the results the answer should use. */
  toolResults: ToolResult[];
}

export function readConversation(request: ChatCompletionRequest, files?: FileLookup): Conversation {
  const messages = request.messages;
  const parts = messages.map((message) => describeContent(message.content, files));
  let lastUser = -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i]?.role === "user") {
      lastUser = i;
      break;
    }
  }
  const lastUserParts = lastUser >= 0 ? (parts[lastUser] ?? []) : [];
  const texts = lastUserParts.flatMap((part) => (part.text === undefined ? [] : [part.text]));
  return {
    messages,
    parts,
    lastUserParts,
    lastUserText: lastUser >= 0 ? texts.join("\n") : undefined,
    toolResults: trailingToolResults(messages, parts),
  };
}

function trailingToolResults(messages: Message[], parts: PartDescription[][]): ToolResult[] {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
    }
  }
  const results: ToolResult[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as Message;
    if (message.role !== "tool") break;
    const content = (parts[i] ?? []).map((part) => part.text ?? "").join("");
    results.unshift({ callId: message.tool_call_id, name: names.get(message.tool_call_id), content });
  }
  return results;
}
