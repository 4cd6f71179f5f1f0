import type {
  ChatCompletion,
  ChatCompletionRequest,
  ChoiceLogprobs,
  FinishReason,
  FunctionDefinition,
  ToolCall,
  Usage,
} from "@vlmchat/types";
import { GENERATED_IMAGE } from "../artifacts/image";
import { DEFAULT_MODEL } from "../models";
import { composeAnswer, type MadeImage, type SessionHistory } from "./answer-text";
import type { FileLookup } from "./content-parts";
import { readConversation } from "./conversation";
import { EngineError } from "./errors";
import { hexId } from "./hash";
import { tokenLogprobs } from "./logprobs";
import { answerFormatOf, generateCheckedJson, imageRefFiller, summaryJson } from "./structured-output";
import { countTokens, tokenize } from "./tokens";
import { chooseTool } from "./tool-choice";
import { requestTokens } from "./usage";

/** One choice, with the tokens a stream sends it in. */
export interface ChoicePlan {
  index: number;
  /** The content (after `stop` and `max_tokens`), or null when the choice calls a tool. */
  content: string | null;
  /** `content` split into tokens, when they were needed already; see {@link contentTokensOf}. */
  contentTokens: string[] | undefined;
  toolCalls: ToolCall[] | undefined;
  /** Each tool call's arguments split into tokens. */
  argumentTokens: string[][];
  finishReason: FinishReason;
  /** Per-token log probabilities when the request asks for them. */
  logprobs: ChoiceLogprobs | undefined;
  completionTokens: number;
}

/** Everything about an answer, decided once; the JSON body and the stream are both rendered from it. */
export interface CompletionPlan {
  id: string;
  created: number;
  model: string;
  sessionId: string;
  choices: ChoicePlan[];
  /** The image the turn made (with the `image-gen` toolset), to be kept as the session's artifact. */
  image: MadeImage | undefined;
  usage: Usage;
}

/** What a turn leaves in the session. */
export interface TurnSummary {
  completionId: string;
  userText: string;
  answerText: string;
  tokens: number;
}

export interface PlanContext {
  history: SessionHistory;
  /** The completion id when the request does not give one. */
  fallbackId: string;
  created: number;
  /** The uploaded files the request refers to by `file_id`, read beforehand. */
  files?: FileLookup;
}

const DEFAULT_MAX_TOKENS = 32768;
/** The spec sets no maximum for `n`; the mock needs one, or one request could hold it for minutes. */
export const MAX_CHOICES = 128;

/** Decides the whole answer to a valid request, deterministically from the request and the session. */
export function planCompletion(
  request: ChatCompletionRequest,
  context: PlanContext,
): { plan: CompletionPlan; turn: TurnSummary } {
  const conversation = readConversation(request, context.files);
  const id = request.id ?? context.fallbackId;
  const count = request.n ?? 1;
  if (count > MAX_CHOICES) {
    throw new EngineError(
      400,
      `n=${count} is more choices than this mock server generates (at most ${MAX_CHOICES})`,
    );
  }
  const format = answerFormatOf(request.response_format);
  const tool = chooseTool(request, conversation);
  const limit = tokenLimit(request);
  const stops = stopSequences(request);
  const topLogprobs = logprobCount(request);
  const image = request.toolsets?.includes("image-gen") ? madeImage(context.history) : undefined;
  const choices: ChoicePlan[] = [];
  for (let index = 0; index < count; index++) {
    // Derived from the request and the session, never the random parts: the same request gives the same answer.
    const base = { index, limit, topLogprobs, salt: `${context.history.earlierTurns}:${index}` };
    if (tool) {
      choices.push(toolChoice(tool, base));
      continue;
    }
    const text =
      format.kind === "text"
        ? composeAnswer({
            choiceIndex: index,
            choiceCount: count,
            history: context.history,
            lastUserParts: conversation.lastUserParts,
            lastUserText: conversation.lastUserText,
            toolResults: conversation.toolResults,
            image,
          })
        : format.schema === undefined
          ? summaryJson(conversation, context.history, index, count, image)
          : generateCheckedJson(
              format.schema,
              format.responseFormat,
              index,
              undefined,
              imageRefFiller(image),
            );
    choices.push(contentChoice(format.kind === "text" ? applyStops(text, stops) : text, base));
  }
  const extras = [
    ...(request.tools === undefined ? [] : [JSON.stringify(request.tools)]),
    ...(format.kind === "json" && format.schema !== undefined ? [JSON.stringify(format.schema)] : []),
  ];
  const ownPrompt = requestTokens(conversation, extras);
  const completionTokens = choices.reduce((sum, choice) => sum + choice.completionTokens, 0);
  const promptTokens = ownPrompt + context.history.earlierTokens;
  const plan: CompletionPlan = {
    id,
    created: context.created,
    model: request.model ?? DEFAULT_MODEL,
    sessionId: context.history.sessionId,
    choices,
    image,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
  const first = choices[0];
  return {
    plan,
    turn: {
      completionId: id,
      userText: conversation.lastUserText ?? "",
      answerText: first ? (first.content ?? describeCalls(first.toolCalls)) : "",
      tokens: ownPrompt + (first?.completionTokens ?? 0),
    },
  };
}

/**
 * The image a turn of the `image-gen` toolset makes: its id is derived from the session and the turn,
 * so the same conversation names the same artifact.
 */
function madeImage(history: SessionHistory): MadeImage {
  return {
    objectId: `img_${hexId(`image:${history.sessionId}:${history.earlierTurns}`, 6)}`,
    contentType: GENERATED_IMAGE.contentType,
    width: GENERATED_IMAGE.width,
    height: GENERATED_IMAGE.height,
  };
}

/** The `chat.completion` body of a plan. */
export function renderCompletion(plan: CompletionPlan): ChatCompletion {
  return {
    id: plan.id,
    object: "chat.completion",
    created: plan.created,
    model: plan.model,
    choices: plan.choices.map((choice) => ({
      index: choice.index,
      message: {
        role: "assistant",
        content: choice.content,
        ...(choice.toolCalls ? { tool_calls: choice.toolCalls } : {}),
      },
      finish_reason: choice.finishReason,
      logprobs: choice.logprobs ?? null,
    })),
    usage: plan.usage,
    session_id: plan.sessionId,
  };
}

interface ChoiceBase {
  index: number;
  limit: number;
  topLogprobs: number | undefined;
  salt: string;
}

function contentChoice(text: string, base: ChoiceBase): ChoicePlan {
  // Counting is enough for most answers; the tokens themselves are kept only when they were needed.
  const count = countTokens(text);
  let tokens: string[] | undefined;
  let content = text;
  let finishReason: FinishReason = "stop";
  if (count > base.limit) {
    tokens = tokenize(text).slice(0, base.limit);
    content = tokens.join("");
    finishReason = "length";
  }
  if (base.topLogprobs !== undefined) tokens ??= tokenize(content);
  return {
    index: base.index,
    content,
    contentTokens: tokens,
    toolCalls: undefined,
    argumentTokens: [],
    finishReason,
    logprobs:
      base.topLogprobs === undefined || tokens === undefined
        ? undefined
        : { content: tokenLogprobs(tokens, base.topLogprobs, base.salt), refusal: null },
    completionTokens: Math.min(count, base.limit),
  };
}

/** The tokens a choice's content streams in (one delta each). */
export function contentTokensOf(choice: ChoicePlan): string[] {
  return choice.contentTokens ?? tokenize(choice.content ?? "");
}

function toolChoice(tool: FunctionDefinition, base: ChoiceBase): ChoicePlan {
  const schema = tool.parameters ?? { type: "object", properties: {} };
  const full = generateCheckedJson(
    schema,
    { type: "json_schema", schema },
    base.index,
    `the parameters of ${tool.name}`,
  );
  let tokens = tokenize(full);
  let finishReason: FinishReason = "tool_calls";
  if (tokens.length > base.limit) {
    tokens = tokens.slice(0, base.limit);
    finishReason = "length";
  }
  const call: ToolCall = {
    id: `call_${hexId(`${base.salt}:${tool.name}:${full}`, 24)}`,
    type: "function",
    function: { name: tool.name, arguments: tokens.join("") },
  };
  return {
    index: base.index,
    content: null,
    contentTokens: undefined,
    toolCalls: [call],
    argumentTokens: [tokens],
    finishReason,
    logprobs: base.topLogprobs === undefined ? undefined : { content: null, refusal: null },
    completionTokens: tokens.length + countTokens(tool.name),
  };
}

function tokenLimit(request: ChatCompletionRequest): number {
  const extra = (request as { max_completion_tokens?: unknown }).max_completion_tokens;
  const limits = [request.max_tokens ?? DEFAULT_MAX_TOKENS];
  if (typeof extra === "number" && Number.isInteger(extra) && extra > 0) limits.push(extra);
  return Math.min(...limits);
}

/** OpenAI's `stop` (a string or up to four strings): not in the spec, honoured when well-formed. */
function stopSequences(request: ChatCompletionRequest): string[] {
  const stop = (request as { stop?: unknown }).stop;
  if (typeof stop === "string") return stop === "" ? [] : [stop];
  if (Array.isArray(stop))
    return stop.filter((item): item is string => typeof item === "string" && item !== "");
  return [];
}

/** Cuts the answer before the first stop sequence; the finish reason stays `stop`, as OpenAI's does. */
function applyStops(text: string, stops: readonly string[]): string {
  let cut = text.length;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && at < cut) cut = at;
  }
  return text.slice(0, cut);
}

/** How many alternatives per token the request asks for; undefined when it asks for no log probabilities. */
function logprobCount(request: ChatCompletionRequest): number | undefined {
  const { logprobs, top_logprobs: top } = request;
  if (typeof logprobs === "number") return logprobs;
  if (logprobs === true) return top ?? 0;
  return undefined;
}

function describeCalls(calls: ToolCall[] | undefined): string {
  return (calls ?? []).map((call) => `${call.function.name}(${call.function.arguments})`).join("; ");
}
