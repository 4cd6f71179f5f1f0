/**
 * `pnpm --filter @vlmchat/ai-sdk bench`: the per-call overhead of `doGenerate`, beside
 * `@ai-sdk/openai-compatible` pointed at the same fetch, which answers from memory. Not part of the tests.
 *
 * Measured on the built packages (`dist/`, what users install), imported by name: the script builds them
 * first. Sources run through tsx carry esbuild's `keepNames` helper, which no published build has.
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { createVlmChat } from "@vlmchat/ai-sdk";

const BASE_URL = "http://127.0.0.1:9/v1/openai";
const answer = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1_767_225_600,
  model: "vlmrun-orion-1:auto",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "A cat on a windowsill, looking at img_a1b2c3." },
      finish_reason: "stop",
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 265, completion_tokens: 12, total_tokens: 277, credits_used: 0.5 },
  session_id: "7b0a9f5e-2c1d-4e8f-9a3b-5c6d7e8f9a0b",
});
/** The one fetch both providers call: an answer from memory, whatever the request. */
const fetchFromMemory = async (_input: unknown, _init?: unknown) =>
  new Response(answer, { status: 200, headers: { "content-type": "application/json" } });

const options: LanguageModelV3CallOptions = {
  prompt: [
    { role: "system", content: "Answer in one sentence." },
    {
      role: "user",
      content: [
        { type: "text", text: "What is in this picture?" },
        { type: "file", data: new URL("https://example.com/cat.png"), mediaType: "image/png" },
      ],
    },
  ],
  maxOutputTokens: 200,
  temperature: 0,
};

const ours = createVlmChat({ baseURL: BASE_URL, apiKey: "k", fetch: fetchFromMemory })("vlmrun-orion-1:auto");
const peer = createOpenAICompatible({
  name: "vlmrun",
  baseURL: BASE_URL,
  apiKey: "k",
  fetch: fetchFromMemory as typeof fetch,
})("vlmrun-orion-1:auto");

const check = (result: { content: Array<{ type: string }> }) => {
  if (result.content[0]?.type !== "text") throw new Error("wrong answer");
};
const tasks: Array<[string, () => Promise<unknown>]> = [
  ["@vlmchat/ai-sdk", async () => check(await ours.doGenerate(options))],
  ["@ai-sdk/openai-compatible 2.0.92", async () => check(await peer.doGenerate(options))],
];

/**
 * Calls the tasks one by one in turns (the order rotating), so that a slow stretch of a shared machine
 * slows both alike; gives each task's mean per call of every block, in µs.
 */
async function interleaved(calls: number, blocks: number): Promise<number[][]> {
  for (let i = 0; i < calls; i++) for (const [, fn] of tasks) await fn();
  const means: number[][] = tasks.map(() => []);
  for (let block = 0; block < blocks; block++) {
    const spent = tasks.map(() => 0);
    for (let i = 0; i < calls; i++) {
      for (let k = 0; k < tasks.length; k++) {
        const j = (i + k) % tasks.length;
        const start = performance.now();
        await (tasks[j] as [string, () => Promise<unknown>])[1]();
        spent[j] = (spent[j] as number) + performance.now() - start;
        // Work a call left queued runs here, charged to nobody, not inside the next task's clock.
        await new Promise(setImmediate);
      }
    }
    for (const [j, ms] of spent.entries()) means[j]?.push((ms / calls) * 1000);
  }
  return means;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

console.log(`@vlmchat/ai-sdk benchmark (Node ${process.version}, ${process.platform}/${process.arch})`);
const [oursBlocks, peerBlocks] = (await interleaved(3_000, 7)) as [number[], number[]];
console.log("\ndoGenerate per call, answered from memory (calls interleaved, median of 7 blocks of 3,000)");
console.log(`    ${tasks[0]?.[0].padEnd(34)} ${median(oursBlocks).toFixed(1).padStart(7)} µs/call`);
console.log(`    ${tasks[1]?.[0].padEnd(34)} ${median(peerBlocks).toFixed(1).padStart(7)} µs/call`);
const ratios = oursBlocks.map((us, i) => us / (peerBlocks[i] as number));
console.log(`    the blocks' ratios: ${ratios.map((r) => r.toFixed(2)).join(", ")}`);
console.log(
  `    ratio: ${median(ratios).toFixed(2)}× (median of the blocks' ratios), ${(median(oursBlocks) / median(peerBlocks)).toFixed(2)}× (of the medians); target ≤ 1.3×`,
);
