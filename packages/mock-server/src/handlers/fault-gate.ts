import type { CoreContext, Exchange } from "../context";
import type { FaultSpec } from "../faults/parse";

export type GateResult = { ok: true; fault: FaultSpec | undefined } | { ok: false; detail: string };

/** Applies `fail-times`: which fault, if any, this request gets. */
export function gateFault(ctx: CoreContext, exchange: Exchange): GateResult {
  const fault = exchange.fault;
  if (!fault || fault.failTimes === undefined) return { ok: true, fault };
  if (!exchange.faultKey) {
    return {
      ok: false,
      detail:
        "Invalid x-vlmchat-fault header: fail-times needs an x-vlmchat-fault-key header naming the counter.",
    };
  }
  return { ok: true, fault: ctx.failCounter.gate(fault, exchange.faultKey) };
}
