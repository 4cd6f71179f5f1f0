import type { CoreContext, Exchange } from "../context";
import type { MockAnswer } from "../core/message";
import { detail, json, jsonText } from "../http/respond";
import { findModel, MODEL_LIST } from "../models";
import { playReadFault } from "./read-only";

const MODEL_LIST_JSON = JSON.stringify(MODEL_LIST);

/** `GET /v1/openai/models`. */
export async function listModels(ctx: CoreContext, exchange: Exchange): Promise<MockAnswer> {
  return (await playReadFault(ctx, exchange, "listModels")) ?? jsonText(200, MODEL_LIST_JSON);
}

/** `GET /v1/openai/models/{model}`. */
export async function retrieveModel(ctx: CoreContext, exchange: Exchange, id: string): Promise<MockAnswer> {
  const faulted = await playReadFault(ctx, exchange, "retrieveModel");
  if (faulted) return faulted;
  const model = findModel(id);
  if (!model) return detail(404, `Model ${id} not found`);
  return json(200, model);
}
