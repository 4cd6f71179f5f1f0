import type { HealthStatus } from "@vlmchat/types";
import packageJson from "../../package.json" with { type: "json" };
import type { Exchange, ServerContext } from "../context";
import { sendJsonText } from "../http/respond";
import { playReadFault } from "./read-only";

const HEALTH: HealthStatus = { status: "ok", version: packageJson.version };
const HEALTH_JSON = JSON.stringify(HEALTH);

/** `GET /v1/health`: no authentication. */
export async function getHealth(ctx: ServerContext, exchange: Exchange): Promise<void> {
  if (await playReadFault(ctx, exchange, "getHealth")) return;
  sendJsonText(exchange.res, 200, HEALTH_JSON);
}
