import { readFileSync } from "node:fs";
import { knownModels } from "@vlmchat/validation";
import { knownModels as fromRequest } from "@vlmchat/validation/request";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const spec = parse(readFileSync(new URL("../../../openapi/openapi.yaml", import.meta.url), "utf8")) as {
  components: { schemas: Record<string, { enum?: string[] }> };
};

describe("knownModels", () => {
  it("is the spec's KnownModel list, in its order, from both entries", () => {
    expect(knownModels).toEqual(spec.components.schemas.KnownModel?.enum);
    expect(fromRequest).toBe(knownModels);
  });

  it("is the list the root README gives", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const paragraph = readme.split("<!-- known-models -->\n")[1]?.split("\n\n")[0] ?? "";
    expect([...paragraph.matchAll(/`([^`]+)`/g)].map((m) => m[1])).toEqual(knownModels);
  });
});
