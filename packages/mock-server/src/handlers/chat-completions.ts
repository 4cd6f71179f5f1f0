import type { ChatCompletionRequest } from "@vlmchat/types";
import { parseChatCompletionRequest } from "@vlmchat/validation/request";
import { GENERATED_IMAGE } from "../artifacts/image";
import type { Exchange, ServerContext } from "../context";
import type { SessionHistory } from "../engine/answer-text";
import { type CompletionPlan, planCompletion, renderCompletion } from "../engine/completion";
import { type FileFacts, type FileLookup, referencedFileIds } from "../engine/content-parts";
import { DEFAULT_HEAD_BYTES } from "../engine/data-url";
import { EngineError } from "../engine/errors";
import { applyFaultBeforeAnswer, faultProblem, streamFaultOf } from "../faults/apply";
import type { FaultSpec } from "../faults/parse";
import { BODY_PARSE_ERROR, readBody, sendPayloadTooLarge } from "../http/body";
import { sendDetail, sendJsonText } from "../http/respond";
import { POLL_PREFIX } from "../http/routes";
import { sendValidationError } from "../http/validation-error";
import { randomHex24, uuidv7 } from "../ids";
import { findModel, unknownModelDetail } from "../models";
import { renderChunkData } from "../streaming/chunks";
import { sendEventStream } from "../streaming/sse-writer";
import { gateFault } from "./fault-gate";
import { fileNotFound } from "./files";

/** `POST /v1/openai/chat/completions`: validate, apply the fault, answer (JSON, stream or 303). */
export async function createChatCompletion(ctx: ServerContext, exchange: Exchange): Promise<void> {
  const { req, res } = exchange;
  const body = await readBody(req, ctx.options.bodyLimit);
  if (body.kind === "too-large") return sendPayloadTooLarge(req, res, ctx.options.bodyLimit);
  if (body.kind === "aborted") {
    exchange.note = "client went away during the body";
    return;
  }
  if (body.kind === "invalid-utf8") return sendDetail(res, 400, BODY_PARSE_ERROR);
  const parsed = parseChatCompletionRequest(body.text);
  if (!parsed.ok) return sendValidationError(res, parsed.detail);
  const request = parsed.value;
  if (request.model !== undefined && !findModel(request.model)) {
    return sendValidationError(res, unknownModelDetail(request.model));
  }
  const stream = request.stream === true;

  let fault: FaultSpec | undefined;
  if (exchange.fault) {
    const problem = faultProblem(exchange.fault, "createChatCompletion", stream);
    if (problem) return sendDetail(res, 400, problem);
    const gated = gateFault(ctx, exchange);
    if (!gated.ok) return sendDetail(res, 400, gated.detail);
    fault = gated.fault;
    if (fault && (await applyFaultBeforeAnswer(req, res, fault, stream))) return;
  }

  const files = await readReferencedFiles(ctx, request);
  if (!files.ok) return sendDetail(res, 404, fileNotFound(files.missing));

  let plan: CompletionPlan;
  try {
    plan = answer(ctx, request, files.lookup);
  } catch (error) {
    if (error instanceof EngineError) return sendDetail(res, error.status, error.detail);
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
    res.writeHead(303, { location: `${ctx.origin}${POLL_PREFIX}${jobId}`, "content-length": 0 });
    res.end();
    return;
  }
  if (!stream) return sendJsonText(res, 200, JSON.stringify(renderCompletion(plan)));
  const includeUsage = request.stream_options?.include_usage === true;
  const outcome = await sendEventStream(res, renderChunkData(plan, includeUsage), {
    latencyMs: ctx.options.latencyMs,
    fault: streamFaultOf(fault),
  });
  if (outcome === "client-closed") exchange.note = "client went away during the stream";
}

/** Plans the answer inside the session's transaction, so the turn is recorded with it. */
function answer(ctx: ServerContext, request: ChatCompletionRequest, files: FileLookup): CompletionPlan {
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
  ctx: ServerContext,
  request: ChatCompletionRequest,
): Promise<{ ok: true; lookup: FileLookup } | { ok: false; missing: string }> {
  const lookup = new Map<string, FileFacts>();
  for (const message of request.messages) {
    for (const id of referencedFileIds(message.content)) {
      if (lookup.has(id)) continue;
      const file = ctx.files.get(id);
      const head = file ? await ctx.files.head(id, DEFAULT_HEAD_BYTES) : undefined;
      if (!file || !head) return { ok: false, missing: id };
      lookup.set(id, { filename: file.filename, bytes: file.bytes, head });
    }
  }
  return { ok: true, lookup };
}
