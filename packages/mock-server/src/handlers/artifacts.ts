import type { ArtifactList } from "@vlmchat/types";
import type { CoreContext, Exchange } from "../context";
import type { MockAnswer } from "../core/message";
import { detail, json } from "../http/respond";
import { validationError } from "../http/validation-error";
import { queryOf } from "./files";
import { playReadFault } from "./read-only";

const ARTIFACT_ID = /^(img|aud|vid|doc|recon|arr|url)_\w{6}$/;

/**
 * `GET /v1/artifacts?session_id=…&object_id=…`: an artifact's bytes, typed by `Content-Type`, for the
 * session that made it only. The mock has no executions: an `execution_id` names no artifacts.
 */
export async function getArtifact(ctx: CoreContext, exchange: Exchange): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "getArtifact");
  if (faulted) return faulted;
  const query = queryOf(exchange.request.url);
  query.requireOneOf("session_id", "execution_id");
  query.requireOneOf("object_id", "filename");
  const objectId = query.matching("object_id", ARTIFACT_ID);
  if (query.problems.length > 0) return validationError(query.problems);
  const sessionId = query.string("session_id");
  const filename = query.string("filename");
  const key = objectId !== undefined ? { objectId } : { filename: filename as string };
  const artifact = sessionId === undefined ? undefined : ctx.artifacts.find(sessionId, key);
  const name = objectId ?? filename;
  const owner =
    sessionId === undefined ? `execution ${query.string("execution_id")}` : `session ${sessionId}`;
  if (!artifact) return detail(404, `Artifact ${name} not found in ${owner}`);
  // HEAD: the transport sends the headers only.
  return {
    status: 200,
    headers: { "content-type": artifact.contentType, "content-length": String(artifact.bytes.length) },
    body: artifact.bytes,
  };
}

/** `GET /v1/artifacts/list?session_id=…`: what a session made (an unknown session made nothing). */
export async function listArtifacts(ctx: CoreContext, exchange: Exchange): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "listArtifacts");
  if (faulted) return faulted;
  const query = queryOf(exchange.request.url);
  query.requireOneOf("session_id", "execution_id");
  if (query.problems.length > 0) return validationError(query.problems);
  const sessionId = query.string("session_id");
  const namespace = sessionId ?? (query.string("execution_id") as string);
  const list: ArtifactList = {
    namespace_id: namespace,
    items: (sessionId === undefined ? [] : ctx.artifacts.list(sessionId)).map((artifact) => ({
      object_id: artifact.objectId,
      filename: artifact.filename,
      source: artifact.source,
    })),
  };
  return json(200, list);
}
