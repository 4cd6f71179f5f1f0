import type { ChatCompletionRequest, FunctionDefinition } from "@vlmchat/types";
import type { Conversation } from "./conversation";
import { EngineError } from "./errors";

/**
 * Which function, if any, the answer calls:
 *   - `tool_choice` naming a function: that function;
 *   - `"required"`: the function whose name best matches the user's words, else the first one;
 *   - `"auto"` (the default with tools): the matching function, unless the conversation ends with tool
 *     results, which the answer then reports instead; no match, no call;
 *   - `"none"`, or no tools: no call.
 * A function "matches" when a word of its name (split at `_`, `-` and case changes; verbs such as
 * `get` left out) appears as a word in the last user message.
 */
export function chooseTool(
  request: ChatCompletionRequest,
  conversation: Conversation,
): FunctionDefinition | undefined {
  const tools = (request.tools ?? []).map((tool) => tool.function);
  const choice = request.tool_choice ?? (tools.length > 0 ? "auto" : "none");
  if (choice === "none") return undefined;
  if (tools.length === 0) {
    if (choice === "auto") return undefined;
    throw new EngineError(400, "tool_choice asks for a tool call, but the request has no tools");
  }
  if (typeof choice === "object") {
    const named = tools.find((tool) => tool.name === choice.function.name);
    if (!named) {
      throw new EngineError(
        400,
        `tool_choice names the function "${choice.function.name}", which is not in tools`,
      );
    }
    return named;
  }
  const matching = matchTool(tools, conversation.lastUserText ?? "");
  if (choice === "required") return matching ?? tools[0];
  return conversation.toolResults.length > 0 ? undefined : matching;
}

const VERBS = new Set([
  "get",
  "set",
  "list",
  "create",
  "update",
  "delete",
  "fetch",
  "find",
  "search",
  "make",
  "run",
]);

function matchTool(tools: FunctionDefinition[], text: string): FunctionDefinition | undefined {
  const said = new Set(text.toLowerCase().match(/\p{L}+/gu) ?? []);
  return tools.find((tool) => nameWords(tool.name).some((word) => said.has(word)));
}

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word.length >= 3 && !VERBS.has(word));
}
