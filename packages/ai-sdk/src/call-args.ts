import type { LanguageModelV3CallOptions, SharedV3Warning } from "@ai-sdk/provider";
import type { ChatCompletionCreateParams, Tool, ToolChoice } from "@vlmchat/client";
import type { UploadFile } from "./file-part";
import { toMessages } from "./prompt";
import { readProviderOptions } from "./provider-options";

/** The request body of a call (without `stream`), and the warnings about settings VLM Run ignores. */
export async function callArgs(
  modelId: string,
  options: LanguageModelV3CallOptions,
  files: { maxInlineBytes: number; upload: UploadFile },
): Promise<{ body: ChatCompletionCreateParams; warnings: SharedV3Warning[] }> {
  const extras = readProviderOptions(options.providerOptions);
  const { messages, warnings } = await toMessages(options.prompt, {
    ...files,
    sessionId: extras.sessionId,
    signal: options.abortSignal,
  });
  // VLM Run's API takes none of these (its server ignores unknown keys): say so rather than send them.
  for (const [feature, value] of [
    ["stopSequences", options.stopSequences],
    ["presencePenalty", options.presencePenalty],
    ["frequencyPenalty", options.frequencyPenalty],
    ["seed", options.seed],
  ] as const) {
    if (value !== undefined) warnings.push({ type: "unsupported", feature });
  }
  const body: ChatCompletionCreateParams = { model: modelId, messages };
  if (options.maxOutputTokens !== undefined) body.max_tokens = options.maxOutputTokens;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.topK !== undefined) body.top_k = options.topK;
  const format = options.responseFormat;
  if (format?.type === "json") {
    // The seed's spelling; a JSON answer without a schema is OpenAI's json_object.
    body.response_format = format.schema
      ? { type: "json_schema", schema: format.schema as Record<string, unknown> }
      : { type: "json_object" };
  }
  const tools: Tool[] = [];
  for (const tool of options.tools ?? []) {
    if (tool.type === "provider") {
      warnings.push({ type: "unsupported", feature: `provider tool ${tool.id}` });
      continue;
    }
    tools.push({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description !== undefined && { description: tool.description }),
        parameters: tool.inputSchema as Record<string, unknown>,
        ...(tool.strict !== undefined && { strict: tool.strict }),
      },
    });
  }
  if (tools.length > 0) {
    body.tools = tools;
    if (options.toolChoice) body.tool_choice = toolChoice(options.toolChoice);
  }
  if (extras.sessionId !== undefined) body.session_id = extras.sessionId;
  if (extras.toolsets !== undefined) body.toolsets = extras.toolsets;
  if (extras.skills !== undefined) body.skills = extras.skills;
  if (extras.models !== undefined) body.models = extras.models;
  if (extras.preview !== undefined) body.preview = extras.preview;
  if (extras.metadata !== undefined) body.metadata = extras.metadata;
  return { body, warnings };
}

function toolChoice(choice: NonNullable<LanguageModelV3CallOptions["toolChoice"]>): ToolChoice {
  return choice.type === "tool" ? { type: "function", function: { name: choice.toolName } } : choice.type;
}
