import type { HealthStatus } from "@vlmchat/types";
import packageJson from "../../package.json" with { type: "json" };
import type { CoreContext, Exchange } from "../context";
import type { MockAnswer } from "../core/message";
import { jsonText } from "../http/respond";
import { playReadFault } from "./read-only";

const HEALTH: HealthStatus = { status: "ok", version: packageJson.version };
const HEALTH_JSON = JSON.stringify(HEALTH);

/** `GET /v1/health`: no authentication. */
export async function getHealth(ctx: CoreContext, exchange: Exchange): Promise<MockAnswer> {
  return (await playReadFault(ctx, exchange, "getHealth")) ?? jsonText(200, HEALTH_JSON);
}
