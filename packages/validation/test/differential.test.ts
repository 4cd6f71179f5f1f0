import { describe, expect, it } from "vitest";
import { corpus } from "./corpus";
import { agreeing, verdicts } from "./reference";
import { specExamples } from "./spec";

const cases = [
  ...corpus().map((c) => ({ id: c.id, schema: c.schema, value: c.value })),
  ...specExamples().map((e) => ({ id: `spec example ${e.name}`, schema: e.schema, value: e.value })),
];

describe("standalone ajv (and the request guard), ajv compiled at run time from the spec, and zod", () => {
  it.each(cases.map((c) => [c.id, c]))("give one verdict on %s", (_, c) => {
    const all = verdicts(c.schema, c.value);
    expect(all).toEqual(agreeing(all));
  });
});
