import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { requiredBump } from "./bump";
import type { Change } from "./change";
import { specDiffCommand } from "./command";
import { diffSpecs } from "./diff";
import { loadDocument } from "./load";

const fixture = (name: string, side: "old" | "new") =>
  loadDocument(fileURLToPath(new URL(`fixtures/${name}/${side}.yaml`, import.meta.url)));

const line = (c: Change) => `${c.severity} ${c.direction ?? "-"} ${c.location}: ${c.message}`;

/** Each row is a fixture pair under fixtures/<name>/{old,new}.yaml and every change it must yield. */
const rows: { name: string; want: string[] }[] = [
  { name: "identical", want: [] },
  { name: "request-optional-field-added", want: ["addition request Request.seed: optional field added"] },
  { name: "request-required-field-added", want: ["breaking request Request.seed: new required field"] },
  { name: "request-field-removed", want: ["breaking request Request.user: field removed"] },
  { name: "response-field-removed", want: ["breaking response Reply.usage: field removed"] },
  { name: "response-field-added", want: ["addition response Reply.created: optional field added"] },
  {
    name: "request-type-narrowed",
    want: [
      "breaking request Request.temperature: type narrowed: number → integer (no longer number)",
      "breaking request Request.user: type narrowed: string | null → string (no longer null)",
    ],
  },
  {
    name: "response-type-widened",
    want: [
      "breaking response Reply.text: type widened: string → string | null (now also null)",
      "breaking response Reply.usage: type widened: integer → number (now also number)",
    ],
  },
  {
    name: "enum-values",
    want: [
      'breaking request Request.model: enum value removed: "large"',
      'addition request Request.model: enum value added: "medium"',
    ],
  },
  {
    name: "constraints",
    want: [
      "breaking request Request.temperature: `maximum` tightened: 2 → 1",
      "breaking request Request.user: `maxLength: 64` added",
      "addition request Request.temperature: `minimum: 0` removed",
    ],
  },
  {
    name: "required-flips",
    want: [
      "breaking response Reply.id: required → optional",
      "breaking request Request.temperature: optional → required",
    ],
  },
  {
    name: "documentation-only",
    want: [
      "patch - info: changed (documentation)",
      "patch request Request.temperature: documentation changed (description)",
    ],
  },
  {
    name: "parameters",
    want: [
      "breaking request POST /chat header parameter x-trace: optional → required",
      "addition request POST /chat query parameter dry_run: optional parameter added",
    ],
  },
  {
    name: "responses",
    want: [
      "breaking response POST /chat response 429 text/plain: media type removed",
      "addition response POST /chat response 503: response added",
    ],
  },
  {
    name: "operations",
    want: [
      "breaking - components.schemas.ModelList: schema removed (its named type and validators disappear)",
      "breaking - GET /models: operation removed",
      "breaking - GET /models/{id}: operationId changed: getModel → retrieveModel (the types key operations by it)",
      "breaking request GET /models/{id} path parameter id: new required parameter",
      "breaking request GET /models/{id} path parameter model: parameter removed",
      "addition - GET /health: operation added",
    ],
  },
  {
    name: "unions",
    want: [
      "breaking - components.schemas.AudioPart: schema removed (its named type and validators disappear)",
      "breaking request InputFile: union variant removed: the variant requiring file_url",
      'breaking request Part: union variant removed: type: "audio"',
      "breaking request Request.options: no longer nullable",
      "addition - components.schemas.VideoPart: schema added",
      "addition request ImagePart.detail: optional field added",
      'addition request Part: union variant added: type: "video"',
      "addition request Request.content: type widened: now also array",
      "addition request Tree.weight: optional field added",
      "patch response Reply.owner: no longer nullable",
    ],
  },
];

describe("diffSpecs over fixture pairs", () => {
  it.each(rows)("$name", ({ name, want }) => {
    expect(diffSpecs(fixture(name, "old"), fixture(name, "new")).map(line)).toEqual(want);
  });
});

describe("diffSpecs on vlmchat's own spec", () => {
  const specPath = fileURLToPath(new URL("../../openapi/openapi.yaml", import.meta.url));
  const text = readFileSync(specPath, "utf8");

  it("finds no change between the spec and itself", () => {
    expect(diffSpecs(parse(text), parse(text))).toEqual([]);
  });

  it("reports a removed response field as breaking and a new optional request field as an addition", () => {
    const next = parse(text);
    const schemas = next.components.schemas;
    const [removed] = Object.keys(schemas.ChatCompletion.properties).filter(
      (name) => !schemas.ChatCompletion.required?.includes(name),
    );
    delete schemas.ChatCompletion.properties[removed as string];
    schemas.ChatCompletionRequest.properties.seed = { type: "integer" };
    expect(diffSpecs(parse(text), next).map(line)).toEqual([
      `breaking response ChatCompletion.${removed}: field removed`,
      "addition request ChatCompletionRequest.seed: optional field added",
    ]);
  });
  it("classifies changes to the files and artifacts operations: query bounds, binary media types, bare-array answers", () => {
    const next = parse(text);
    const files = next.paths["/v1/files"];
    const limit = files.get.parameters.find((p: { name: string }) => p.name === "limit");
    limit.schema.maximum = 100;
    delete next.paths["/v1/artifacts"].get.responses["200"].content["image/jpeg"];
    next.components.schemas.FileResponse.required.push("created_at");
    const changes = diffSpecs(parse(text), next).map(line);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^breaking .*limit.*maximum/),
        expect.stringMatching(/^breaking .*\/v1\/artifacts.*image\/jpeg/),
      ]),
    );
    expect(changes.some((c) => c.includes("FileResponse.created_at"))).toBe(true);
    expect(requiredBump(diffSpecs(parse(text), next), "0.4.0")).toBe("minor");
  });
});

describe("requiredBump", () => {
  const change = (severity: Change["severity"]): Change => ({ severity, location: "x", message: "y" });
  it.each([
    { version: "0.3.1", severities: ["breaking", "addition"], want: "minor" },
    { version: "0.3.1", severities: ["addition"], want: "patch" },
    { version: "0.3.1", severities: ["patch"], want: "patch" },
    { version: "1.2.0", severities: ["breaking"], want: "major" },
    { version: "1.2.0", severities: ["addition", "patch"], want: "minor" },
    { version: "1.2.0", severities: ["patch"], want: "patch" },
    { version: "1.2.0", severities: [], want: undefined },
  ] as const)("$version with $severities → $want", ({ version, severities, want }) => {
    expect(requiredBump(severities.map(change), version)).toBe(want);
  });
});

describe("pnpm spec:diff", () => {
  const here = fileURLToPath(new URL(".", import.meta.url));
  const pair = (name: string) => [`fixtures/${name}/old.yaml`, `fixtures/${name}/new.yaml`];

  it("reports a breaking change with exit code 1 and the bump the version needs", () => {
    const result = specDiffCommand(pair("response-field-removed"), here, "0.4.2");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("  ✗ response Reply.usage: field removed");
    expect(result.stdout).toContain("from version 0.4.2 this needs at least a minor bump");
    expect(specDiffCommand(pair("response-field-removed"), here, "1.0.0").stdout).toContain("a major bump");
  });

  it("reports compatible changes with exit code 0, and JSON on --json", () => {
    const result = specDiffCommand(pair("response-field-added"), here, "1.0.0");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "compatible: no breaking change; from version 1.0.0 this needs at least a minor bump",
    );
    const json = JSON.parse(specDiffCommand([...pair("response-field-added"), "--json"], here).stdout);
    expect(json.bump).toBe("patch");
    expect(json.changes).toHaveLength(1);
  });

  it("answers bad input with exit code 2 and says what is wrong", () => {
    expect(specDiffCommand(["only-one.yaml"], here)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("usage:"),
    });
    expect(specDiffCommand(["fixtures/nope.yaml", "fixtures/identical/new.yaml"], here)).toMatchObject({
      code: 2,
      stderr: "spec:diff: fixtures/nope.yaml: no such file",
    });
    expect(specDiffCommand(["spec-diff.test.ts", "fixtures/identical/new.yaml"], here).stderr).toContain(
      "spec-diff.test.ts: not valid YAML or JSON",
    );
    expect(specDiffCommand(["../package.json", "fixtures/identical/new.yaml"], here).stderr).toBe(
      "spec:diff: ../package.json: not an OpenAPI document (no `openapi` version field)",
    );
  });

  it("reads a side from git as <rev>:<path>", () => {
    const repo = mkdtempSync(join(tmpdir(), "vlmchat-spec-diff-"));
    try {
      const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "pipe" });
      git("init", "-q");
      cpSync(join(here, "fixtures/response-field-removed/old.yaml"), join(repo, "spec.yaml"));
      git("add", "spec.yaml");
      git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "spec");
      cpSync(join(here, "fixtures/response-field-removed/new.yaml"), join(repo, "spec.yaml"));
      const result = specDiffCommand(["HEAD:spec.yaml", "spec.yaml"], repo);
      expect(result.stdout).toContain("Reply.usage: field removed");
      expect(specDiffCommand(["HEAD:missing.yaml", "spec.yaml"], repo).stderr).toContain(
        "git cannot show it",
      );
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("runs as a command", () => {
    const cli = fileURLToPath(new URL("cli.ts", import.meta.url));
    const result = spawnSync(process.execPath, ["--import", "tsx", cli, ...pair("response-field-removed")], {
      encoding: "utf8",
      cwd: here,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("Reply.usage: field removed");
  });
});
