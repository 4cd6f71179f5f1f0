import type { ChatCompletionRequest } from "@vlmchat/types";
import { parseChatCompletionRequest } from "@vlmchat/validation/request";
import { GENERATED_IMAGE } from "../artifacts/image";
import type { CoreContext, Exchange } from "../context";
import { EMPTY_BODY, type MockAnswer } from "../core/message";
import type { SessionHistory } from "../engine/answer-text";
import { type CompletionPlan, planCompletion, renderCompletion } from "../engine/completion";
import { type FileFacts, type FileLookup, referencedFileIds } from "../engine/content-parts";
import { DEFAULT_HEAD_BYTES } from "../engine/data-url";
import { EngineError } from "../engine/errors";
import { applyFaultBeforeAnswer, faultProblem, streamFaultOf } from "../faults/apply";
import type { FaultSpec } from "../faults/parse";
import { BODY_PARSE_ERROR, decodeUtf8, detail, jsonText } from "../http/respond";
import { POLL_PATH } from "../http/routes";
import { validationError } from "../http/validation-error";
import { randomHex24, uuidv7 } from "../ids";
import { findModel, unknownModelDetail } from "../models";
import { renderChunkData } from "../streaming/chunks";
import { eventStreamBody, SSE_HEADERS } from "../streaming/event-stream";
import { gateFault } from "./fault-gate";
import { fileNotFound } from "./files";

/** `POST /v1/openai/chat/completions`: validate, apply the fault, answer (JSON, stream or 303). */
export async function createChatCompletion(ctx: CoreContext, exchange: Exchange): Promise<MockAnswer> {
  const { request } = exchange;
  const text = decodeUtf8(request.body);
  if (text === undefined) return detail(400, BODY_PARSE_ERROR);
  const parsed = parseChatCompletionRequest(text);
  if (!parsed.ok) return validationError(parsed.detail);
  const body = parsed.value;
  if (body.model !== undefined && !findModel(body.model)) {
    return validationError(unknownModelDetail(body.model));
  }
  const stream = body.stream === true;

  let fault: FaultSpec | undefined;
  if (exchange.fault) {
    const problem = faultProblem(exchange.fault, "createChatCompletion", stream);
    if (problem) return detail(400, problem);
    const gated = gateFault(ctx, exchange);
    if (!gated.ok) return detail(400, gated.detail);
    fault = gated.fault;
    const faulted = fault && (await applyFaultBeforeAnswer(request, fault, stream));
    if (faulted) return faulted;
  }

  const files = await readReferencedFiles(ctx, body);
  if (!files.ok) return detail(404, fileNotFound(files.missing));

  let plan: CompletionPlan;
  try {
    plan = answer(ctx, body, files.lookup);
  } catch (error) {
    if (error instanceof EngineError) return detail(error.status, error.detail);
    throw error;
  }

  if (plan.image) {
    ctx.artifacts.add(plan.sessionId, {
      objectId: plan.image.objectId,
      filename: `${plan.image.objectId}.png`,
      contentType: GENERATED_IMAGE.contentType,
      bytes: GENERATED_IMAGE.bytes,
      source: "image-gen",
    });
  }

  if (fault?.redirectPolls !== undefined) {
    const jobId = ctx.pollJobs.create(JSON.stringify(renderCompletion(plan)), fault.redirectPolls);
    return {
      status: 303,
      headers: { location: `${request.baseURL}${POLL_PATH}${jobId}`, "content-length": "0" },
      body: EMPTY_BODY,
    };
  }
  if (!stream) return jsonText(200, JSON.stringify(renderCompletion(plan)));
  const includeUsage = body.stream_options?.include_usage === true;
  return {
    status: 200,
    headers: { ...SSE_HEADERS },
    body: eventStreamBody(renderChunkData(plan, includeUsage), {
      latencyMs: ctx.options.latencyMs,
      fault: streamFaultOf(fault),
      signal: request.signal,
    }),
  };
}

/** Plans the answer inside the session's transaction, so the turn is recorded with it. */
function answer(ctx: CoreContext, request: ChatCompletionRequest, files: FileLookup): CompletionPlan {
  const given = request.session_id || undefined;
  const created = Math.floor(Date.now() / 1000);
  const fallbackId = `chatcmpl-${randomHex24()}`;
  const build = (history: SessionHistory) => planCompletion(request, { history, fallbackId, created, files });
  return ctx.sessions.runTurn(given ?? uuidv7(), build, { fresh: given === undefined }).plan;
}

/**
 * The uploaded files the messages refer to by `file_id`, each read up to the head the engine sniffs. An
 * id the store does not hold (never uploaded, or deleted) makes the whole request a 404.
 */
async function readReferencedFiles(
  ctx: CoreContext,
  request: ChatCompletionRequest,
): Promise<{ ok: true; lookup: FileLookup } | { ok: false; missing: string }> {
  const lookup = new Map<string, FileFacts>();
  for (const message of request.messages) {
    for (const id of referencedFileIds(message.content)) {
      if (lookup.has(id)) continue;
      // Without file storage (the port-less mock) every file id is unknown.
      const file = ctx.files?.store.get(id);
      const head = file ? await ctx.files?.store.head(id, DEFAULT_HEAD_BYTES) : undefined;
      if (!file || !head) return { ok: false, missing: id };
      lookup.set(id, { filename: file.filename, bytes: file.bytes, head });
    }
  }
  return { ok: true, lookup };
}
