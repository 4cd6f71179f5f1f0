import { describe, expect, it } from "vitest";
import { DOCUMENTED_RESPONSES } from "../../src/proxy/response-check";
import { loadSpec } from "../helpers/fixtures";

describe("the proxy's table of documented responses", () => {
  it("lists exactly the statuses each operation of the spec documents", () => {
    const fromSpec: Record<string, number[]> = {};
    for (const operations of Object.values(loadSpec().paths)) {
      for (const operation of Object.values(operations) as {
        operationId?: string;
        responses?: Record<string, unknown>;
      }[]) {
        if (!operation.operationId || !operation.responses) continue;
        fromSpec[operation.operationId] = Object.keys(operation.responses)
          .filter((status) => status !== "default")
          .map(Number);
      }
    }
    const fromTable = Object.fromEntries(
      Object.entries(DOCUMENTED_RESPONSES).map(([operation, statuses]) => [
        operation,
        Object.keys(statuses).map(Number),
      ]),
    );
    expect(fromTable).toEqual(fromSpec);
  });
});
