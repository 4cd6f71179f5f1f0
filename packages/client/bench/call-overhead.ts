/**
 * Per-call overhead: one non-streamed completion answered from memory by a custom fetch. Each client's
 * added cost is its time minus the bare call's (fetch with a URL and init, then `response.json()`).
 */

import { VlmChat } from "@vlmchat/client";
import type { paths } from "@vlmchat/types";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import { BASE_URL, completion, request } from "./fixtures";
import { interleavedCalls, median } from "./rounds";

const answer = JSON.stringify(completion);
const fetchFromMemory = async (_input: unknown, _init?: unknown) =>
  new Response(answer, { status: 200, headers: { "content-type": "application/json" } });

export async function callOverhead(): Promise<void> {
  const root = BASE_URL.replace(/\/v1\/openai$/, "");
  // Every client sends the key as a bearer token.
  const plain = createClient<paths>({
    baseUrl: root,
    fetch: fetchFromMemory,
    headers: { Authorization: "Bearer k" },
  });
  // No retries for any client (nothing fails here); ours then sends no Idempotency-Key. The second
  // row keeps our default (2 retries), which adds the key to every POST.
  const ours = new VlmChat({ baseURL: BASE_URL, apiKey: "k", maxRetries: 0, fetch: fetchFromMemory });
  const oursDefault = new VlmChat({ baseURL: BASE_URL, apiKey: "k", fetch: fetchFromMemory });
  const openai = new OpenAI({ baseURL: BASE_URL, apiKey: "k", maxRetries: 0, fetch: fetchFromMemory });
  const check = (value: unknown) => {
    if ((value as { id?: string } | undefined)?.id !== completion.id) throw new Error("wrong answer");
  };
  const bare = "bare: fetch + response.json()";
  const blocks = await interleavedCalls(
    [
      [
        bare,
        async () => {
          const response = await fetchFromMemory(`${BASE_URL}/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: "Bearer k" },
            body: JSON.stringify(request),
          });
          check(await response.json());
        },
      ],
      [
        "openapi-fetch 0.17.0",
        async () => check((await plain.POST("/v1/openai/chat/completions", { body: request })).data),
      ],
      ["@vlmchat/client", async () => check(await ours.chat.completions.create(request))],
      [
        "@vlmchat/client, default retries",
        async () => check(await oursDefault.chat.completions.create(request)),
      ],
      ["openai 6.49.0", async () => check(await openai.chat.completions.create(request))],
    ],
    { calls: 5_000, repeats: 7 },
  );
  // Each block's added costs and ratios, then their medians: a block's tasks ran side by side.
  const bareBlocks = blocks.get(bare) as number[];
  const addedBlocks = (name: string) =>
    (blocks.get(name) as number[]).map((ms, i) => (ms - (bareBlocks[i] as number)) * 1000);
  const openapiFetchAdded = addedBlocks("openapi-fetch 0.17.0");
  console.log(
    "\nPer-call overhead (non-streamed completion from an in-memory fetch; calls interleaved one by one, median of 7 blocks of 5,000)",
  );
  for (const [name, perBlock] of blocks) {
    const us = median(perBlock) * 1000;
    const added = addedBlocks(name);
    const ratio =
      name === bare
        ? ""
        : `   ${median(added.map((a, i) => a / (openapiFetchAdded[i] as number))).toFixed(2)}× openapi-fetch's added cost`;
    console.log(
      `    ${name.padEnd(32)} ${us.toFixed(1).padStart(7)} µs/call   +${median(added).toFixed(1).padStart(6)} µs${ratio}`,
    );
  }
}
