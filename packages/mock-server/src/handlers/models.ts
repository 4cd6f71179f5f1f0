import type { Exchange, ServerContext } from "../context";
import { sendDetail, sendJson, sendJsonText } from "../http/respond";
import { findModel, MODEL_LIST } from "../models";
import { playReadFault } from "./read-only";

const MODEL_LIST_JSON = JSON.stringify(MODEL_LIST);

/** `GET /v1/openai/models`. */
export async function listModels(ctx: ServerContext, exchange: Exchange): Promise<void> {
  if (await playReadFault(ctx, exchange, "listModels")) return;
  sendJsonText(exchange.res, 200, MODEL_LIST_JSON);
}

/** `GET /v1/openai/models/{model}`. */
export async function retrieveModel(ctx: ServerContext, exchange: Exchange, id: string): Promise<void> {
  if (await playReadFault(ctx, exchange, "retrieveModel")) return;
  const model = findModel(id);
  if (!model) return sendDetail(exchange.res, 404, `Model ${id} not found`);
  sendJson(exchange.res, 200, model);
}
