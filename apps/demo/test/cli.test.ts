import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChat } from "../src/cli/run-chat";
import { DemoError } from "../src/errors";
import { samplePath } from "../src/samples";
import { runDemo } from "./run-demo";

const scene = samplePath("scene.png");
const receipt = samplePath("receipt.pdf");
const receiptSchema = samplePath("receipt.schema.json");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vlmchat-demo-cli-"));
  writeFileSync(join(dir, "notes.txt"), "plain text, not a supported input");
  writeFileSync(join(dir, "empty.png"), "");
  writeFileSync(join(dir, "not-json.json"), "{ nope");
  writeFileSync(join(dir, "bad-type.json"), JSON.stringify({ type: "objekt" }));
  writeFileSync(join(dir, "array.json"), "[]");
  // An MP4 header and nothing else: enough for the type check, too little to be a film.
  writeFileSync(
    join(dir, "clip.mp4"),
    Buffer.from("000000186674797069736f6d0000020069736f6d69736f32", "hex"),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(args: string[]): Promise<DemoError> {
  try {
    await runChat(args);
  } catch (error) {
    if (error instanceof DemoError) return error;
    throw error;
  }
  throw new Error(`chat ${args.join(" ")} did not fail`);
}

describe("pnpm demo chat: bad input gives one clear line", () => {
  it.each([
    {
      name: "a missing file",
      args: () => ["hi", "--image", join(dir, "nope.png")],
      want: /^--image .*nope\.png: no such file$/,
    },
    { name: "a folder", args: () => ["hi", "--file", dir], want: /: not a file$/ },
    {
      name: "an empty file",
      args: () => ["hi", "--image", join(dir, "empty.png")],
      want: /: the file is empty$/,
    },
    {
      name: "a PDF given as an image",
      args: () => ["hi", "--image", receipt],
      want: /^--image .*receipt\.pdf: this is a PDF document \(application\/pdf\), not image; use --file$/,
    },
    {
      name: "an unsupported type",
      args: () => ["hi", "--file", join(dir, "notes.txt")],
      want: /^--file .*notes\.txt: cannot tell what these 33 bytes are \(they start with 70 6c 61 69 6e 20 74 65\)/,
    },
    {
      name: "an image given as a video",
      args: () => ["hi", "--video", scene],
      want: /^--video .*scene\.png: this is a PNG image \(image\/png\), not video; use --image or --file$/,
    },
    {
      name: "a schema that is not JSON",
      args: () => ["hi", "--schema", join(dir, "not-json.json")],
      want: /: not JSON \(/,
    },
    {
      name: "a schema with a bad type",
      args: () => ["hi", "--schema", join(dir, "bad-type.json")],
      want: /bad-type\.json: schema\.type: Input should be 'array', 'boolean', .* or 'string'$/,
    },
    {
      name: "a schema that is an array",
      args: () => ["hi", "--schema", join(dir, "array.json")],
      want: /a JSON Schema is a JSON object$/,
    },
    {
      name: "a missing schema",
      args: () => ["hi", "--schema", join(dir, "none.json")],
      want: /none\.json: no such file$/,
    },
    { name: "no prompt and no input", args: () => [], want: /^chat needs a prompt/ },
  ])("$name", async ({ args, want }) => {
    const error = await failure(args());
    expect(error.message).toMatch(want);
    expect(error.message).not.toContain("\n");
    expect(error.exitCode).toBe(2);
  });

  it("an unknown model goes to the server, which decides: the mock's 422 names the models it serves", async () => {
    const error = await failure(["hi", "--model", "gpt-4o"]);
    expect(error.message).toMatch(
      /^the API rejected the request \(422\): model: Input should be 'vlmrun-orion-1', 'vlmrun-orion-1:auto', .* or 'vlmrun-orion-2:pro'$/,
    );
    expect(error.exitCode).toBe(1);
  });

  it("an oversized input is refused before it is read", async () => {
    const big = join(dir, "big.png");
    // A sparse file: 21 MiB on paper, nothing on disk. The PNG signature makes it look like an image.
    writeFileSync(big, Buffer.from("89504e470d0a1a0a", "hex"));
    const { truncateSync } = await import("node:fs");
    truncateSync(big, 21 * 1024 * 1024);
    const error = await failure(["hi", "--image", big]);
    expect(error.message).toMatch(
      /^--image .*big\.png: .*21\.0 MiB, over the 20\.0 MiB limit for inputs sent inline/,
    );
    expect(error.message).not.toContain("\n");
  });
});

describe("pnpm demo chat as a process", { timeout: 60_000 }, () => {
  it("exits 2 with one line on stderr and nothing on stdout for a missing file", async () => {
    const run = await runDemo(["chat", "What is this?", "--image", "no-such-photo.png"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("error: --image no-such-photo.png: no such file\n");
  });

  it("answers about several inputs, then continues the session with --session; paths resolve from INIT_CWD", async () => {
    const first = await runDemo(
      ["chat", "Compare these", "--image", scene, "--file", "./clip.mp4", "--file", receipt],
      {
        env: { INIT_CWD: dir, npm_lifecycle_event: "demo" },
      },
    );
    expect(first.stderr).toMatch(
      /vlmrun-orion-1:fast via the embedded mock server · continue with --session [0-9a-f-]{36}\n$/,
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("You sent 4 parts");
    expect(first.stdout).toMatch(
      /an image \(image\/png, 10626 bytes, 192×128 pixels.*a video \(video\/mp4, 24 bytes.*a document \(application\/pdf/,
    );
    const sessionId = /--session ([0-9a-f-]{36})/.exec(first.stderr)?.[1];

    // The session lives in .vlmchat/ of the folder the user ran the demo in, so a later run continues it.
    const second = await runDemo(["chat", "And now?", "--session", sessionId!, "--no-stream"], {
      env: { INIT_CWD: dir, npm_lifecycle_event: "demo" },
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/This session has 1 earlier turn; the previous one said “Compare these”/);
    expect(second.stderr).toContain(`--session ${sessionId}`);
  });

  it("with --schema, prints JSON valid against the schema file", async () => {
    const run = await runDemo(
      ["chat", "Extract the receipt", "--file", receipt, "--schema", receiptSchema, "--no-stream"],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(0);
    const value = JSON.parse(run.stdout);
    expect(Object.keys(value)).toEqual(["merchant", "date", "currency", "items", "subtotal", "tax", "total"]);
    expect(run.stderr).toContain(`✓ valid against ${receiptSchema}`);
  });
});
