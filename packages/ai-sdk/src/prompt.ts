import {
  type LanguageModelV3Prompt,
  type LanguageModelV3ToolResultOutput,
  type SharedV3Warning,
  UnsupportedFunctionalityError,
} from "@ai-sdk/provider";
import type { ContentPart, Message, ToolCall } from "@vlmchat/client";
import { filePart, type UploadFile } from "./file-part";

export interface PromptSettings {
  maxInlineBytes: number;
  upload: UploadFile;
  /** With a session, the server holds the earlier turns: only the messages after the last assistant turn go. */
  sessionId: string | undefined;
  /** The call's abort signal, which also aborts an upload. */
  signal?: AbortSignal | undefined;
}

/** The SDK's prompt as VLM Run messages, and the warnings about what could not be sent. */
export async function toMessages(
  prompt: LanguageModelV3Prompt,
  settings: PromptSettings,
): Promise<{ messages: Message[]; warnings: SharedV3Warning[] }> {
  const warnings: SharedV3Warning[] = [];
  const messages: Message[] = [];
  for (const message of settings.sessionId === undefined ? prompt : afterLastAssistant(prompt)) {
    switch (message.role) {
      case "system":
        messages.push({ role: "system", content: message.content });
        break;
      case "user": {
        const parts: ContentPart[] = [];
        for (const part of message.content) {
          parts.push(
            part.type === "text"
              ? { type: "text", text: part.text }
              : await filePart(part, settings.maxInlineBytes, settings.upload, settings.signal),
          );
        }
        const only = parts[0];
        messages.push({
          role: "user",
          content: parts.length === 1 && only?.type === "text" ? only.text : parts,
        });
        break;
      }
      case "assistant": {
        let text = "";
        const toolCalls: ToolCall[] = [];
        for (const part of message.content) {
          if (part.type === "text") text += part.text;
          else if (part.type === "tool-call") {
            toolCalls.push({
              id: part.toolCallId,
              type: "function",
              function: { name: part.toolName, arguments: JSON.stringify(part.input) },
            });
          } else if (part.type === "reasoning") {
            warnings.push({ type: "other", message: "reasoning parts of assistant messages are not sent" });
          } else {
            throw new UnsupportedFunctionalityError({
              functionality: `${part.type} parts in assistant messages`,
            });
          }
        }
        messages.push({
          role: "assistant",
          content: toolCalls.length > 0 && text === "" ? null : text,
          ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
        });
        break;
      }
      case "tool":
        for (const part of message.content) {
          // Approvals are for tools the provider runs; VLM Run runs none the SDK sees.
          if (part.type !== "tool-result") continue;
          messages.push({ role: "tool", tool_call_id: part.toolCallId, content: toolOutput(part.output) });
        }
        break;
    }
  }
  return { messages, warnings };
}

function afterLastAssistant(prompt: LanguageModelV3Prompt): LanguageModelV3Prompt {
  const last = prompt.findLastIndex((message) => message.role === "assistant");
  return last === -1 ? prompt : prompt.slice(last + 1);
}

function toolOutput(output: LanguageModelV3ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "execution-denied":
      return output.reason ?? "Tool execution denied.";
    default:
      return JSON.stringify(output.value);
  }
}
