import type { CoreContext, Exchange } from "../context";
import type { MockAnswer } from "../core/message";
import { applyFaultBeforeAnswer, faultProblem } from "../faults/apply";
import { detail } from "../http/respond";
import type { Operation } from "../http/routes";
import { gateFault } from "./fault-gate";

/**
 * The fault step of the GET operations: check it applies, count `fail-times`, play it. Returns the
 * answer when the fault makes it, undefined when the operation answers as usual.
 */
export async function playReadFault(
  ctx: CoreContext,
  exchange: Exchange,
  operation: Operation,
): Promise<MockAnswer | undefined> {
  if (!exchange.fault) return undefined;
  const problem = faultProblem(exchange.fault, operation, false);
  if (problem) return detail(400, problem);
  const gated = gateFault(ctx, exchange);
  if (!gated.ok) return detail(400, gated.detail);
  if (!gated.fault) return undefined;
  return applyFaultBeforeAnswer(exchange.request, gated.fault, false);
}
