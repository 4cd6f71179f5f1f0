import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
} from "@ai-sdk/provider";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionStream,
  VlmChat,
  WithResponse,
} from "@vlmchat/client";
import { callArgs } from "./call-args";
import { toSdkError } from "./errors";
import type { UploadFile } from "./file-part";
import { finishReason } from "./finish-reason";
import { vlmrunMetadata } from "./metadata";
import { StreamParts } from "./stream-parts";
import { toUsage } from "./usage";

/** What a model shares with its provider. */
export interface ModelConfig {
  provider: string;
  /** The provider's client, made on first use (so environment variables are read when a call is made). */
  client: () => VlmChat;
  maxInlineBytes: number;
  upload: UploadFile;
}

// VLM Run fetches http(s) URLs itself; data URLs are checked and sent as they are.
const FETCHED_BY_SERVER = [/^https?:\/\//i, /^data:/i];

/** A VLM Run model as the AI SDK's `LanguageModelV3`. */
export class VlmChatLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {
    "image/*": FETCHED_BY_SERVER,
    "video/*": FETCHED_BY_SERVER,
    "audio/*": FETCHED_BY_SERVER,
    "application/*": FETCHED_BY_SERVER,
  };
  readonly #config: ModelConfig;

  constructor(modelId: string, config: ModelConfig) {
    this.modelId = modelId;
    this.provider = config.provider;
    this.#config = config;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { body, warnings } = await callArgs(this.modelId, options, this.#config);
    const client = this.#config.client();
    let answer: WithResponse<ChatCompletion>;
    try {
      answer = await client.chat.completions
        .create(
          { ...body, stream: false },
          { signal: options.abortSignal, headers: options.headers ?? {}, maxRetries: 0 },
        )
        .withResponse();
    } catch (error) {
      throw toSdkError(error, {
        url: completionsUrl(client),
        requestBody: body,
        signal: options.abortSignal,
      });
    }
    const { data: completion, response, requestId } = answer;
    const choice = completion.choices[0];
    const content: LanguageModelV3Content[] = [];
    const text = typeof choice?.message.content === "string" ? choice.message.content : "";
    if (text !== "") content.push({ type: "text", text });
    for (const call of choice?.message.tool_calls ?? []) {
      content.push({
        type: "tool-call",
        toolCallId: call.id,
        toolName: call.function.name,
        input: call.function.arguments || "{}",
      });
    }
    return {
      content,
      finishReason: finishReason(choice?.finish_reason),
      usage: toUsage(completion.usage),
      providerMetadata: vlmrunMetadata(completion.session_id, text, completion.usage, requestId),
      request: { body },
      response: {
        id: completion.id,
        modelId: completion.model,
        timestamp: new Date(completion.created * 1000),
        headers: Object.fromEntries(response.headers),
        body: completion,
      },
      warnings,
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { body, warnings } = await callArgs(this.modelId, options, this.#config);
    const client = this.#config.client();
    const streamBody: ChatCompletionCreateParamsStreaming = {
      ...body,
      stream: true,
      stream_options: { include_usage: true },
    };
    const failed = { url: completionsUrl(client), requestBody: streamBody, signal: options.abortSignal };
    let chunks: ChatCompletionStream;
    try {
      chunks = await client.chat.completions.create(streamBody, {
        signal: options.abortSignal,
        headers: options.headers ?? {},
        maxRetries: 0,
      });
    } catch (error) {
      throw toSdkError(error, failed);
    }
    const parts = new StreamParts(chunks.requestId);
    const iterator = chunks[Symbol.asyncIterator]();
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        controller.enqueue(parts.start(warnings));
      },
      async pull(controller) {
        let emitted = false;
        const emit = (part: LanguageModelV3StreamPart) => {
          emitted = true;
          controller.enqueue(part);
        };
        try {
          // A pull that enqueues nothing is not called again: read on until a chunk makes a part.
          while (!emitted) {
            const next = await iterator.next();
            if (next.done) {
              parts.end(emit);
              controller.close();
              return;
            }
            if (options.includeRawChunks) emit({ type: "raw", rawValue: next.value });
            parts.chunk(next.value, emit);
          }
        } catch (error) {
          // The caller's abort ends the stream with the abort error, as a fetch body would.
          if (options.abortSignal?.aborted) return controller.error(options.abortSignal.reason);
          emit({ type: "error", error: toSdkError(error, failed) });
          parts.end(emit, true);
          controller.close();
        }
      },
      cancel(reason) {
        chunks.abort(reason);
      },
    });
    const headers = chunks.response?.headers;
    return {
      stream,
      request: { body: streamBody },
      ...(headers && { response: { headers: Object.fromEntries(headers) } }),
    };
  }
}

/** The URL a failed call names. */
function completionsUrl(client: VlmChat): string {
  return `${client.baseURL}/chat/completions`;
}
