import type { Exchange, ServerContext } from "../context";
import { applyFaultBeforeAnswer, faultProblem } from "../faults/apply";
import { sendDetail } from "../http/respond";
import type { Operation } from "../http/routes";
import { gateFault } from "./fault-gate";

/**
 * The fault step of the GET operations: check it applies, count `fail-times`, play it. Returns true
 * when the fault has answered the request.
 */
export async function playReadFault(
  ctx: ServerContext,
  exchange: Exchange,
  operation: Operation,
): Promise<boolean> {
  if (!exchange.fault) return false;
  const problem = faultProblem(exchange.fault, operation, false);
  if (problem) {
    sendDetail(exchange.res, 400, problem);
    return true;
  }
  const gated = gateFault(ctx, exchange);
  if (!gated.ok) {
    sendDetail(exchange.res, 400, gated.detail);
    return true;
  }
  if (!gated.fault) return false;
  return applyFaultBeforeAnswer(exchange.req, exchange.res, gated.fault, false);
}
