import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli-args";

describe("parseCliArgs", () => {
  it.each([
    { args: [], want: { log: "pretty" } },
    {
      args: [
        "--port",
        "8080",
        "--host",
        "0.0.0.0",
        "--token",
        "k",
        "--db",
        ":memory:",
        "--latency",
        "40",
        "--log",
        "json",
      ],
      want: { port: 8080, host: "0.0.0.0", token: "k", db: ":memory:", latencyMs: 40, log: "json" },
    },
    {
      args: [
        "--upstream",
        "https://api.vlm.run",
        "--upstream-token",
        "t",
        "--violations-log",
        "v.jsonl",
        "--body-limit",
        "1024",
      ],
      want: {
        upstream: "https://api.vlm.run",
        upstreamToken: "t",
        violationsLog: "v.jsonl",
        bodyLimit: 1024,
        log: "pretty",
      },
    },
    { args: ["--port=0"], want: { port: 0, log: "pretty" } },
    {
      args: ["--file-storage", "1048576", "--upload-limit", "65536", "--upload-port", "0"],
      want: { fileStorage: 1048576, uploadLimit: 65536, uploadPort: 0, log: "pretty" },
    },
  ])("reads $args", ({ args, want }) => {
    expect(parseCliArgs(args)).toEqual({ kind: "serve", options: want });
  });

  it.each([
    { args: ["--port", "abc"], message: '--port must be a whole number, got "abc"' },
    { args: ["--latency=-5"], message: '--latency must be a whole number, got "-5"' },
    { args: ["--upload-port", "x"], message: '--upload-port must be a whole number, got "x"' },
    { args: ["--log", "loud"], message: '--log must be json, pretty or silent, got "loud"' },
    { args: ["--frobnicate"], message: "Unknown option '--frobnicate'" },
    { args: ["extra"], message: "Unexpected argument 'extra'" },
  ])("refuses $args", ({ args, message }) => {
    const command = parseCliArgs(args);
    expect(command.kind).toBe("error");
    if (command.kind === "error") expect(command.message).toContain(message);
  });

  it("answers --help and -h", () => {
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["-h"])).toEqual({ kind: "help" });
  });
});
