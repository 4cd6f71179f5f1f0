/**
 * Per-call overhead: one non-streamed completion answered from memory by a custom fetch. Each client's
 * added cost is its time minus the bare call's (fetch with a URL and init, then `response.json()`).
 */
import type { paths } from "@vlmchat/types";
import OpenAI from "openai";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { VlmChat } from "../src/index";
import { BASE_URL, completion, request } from "./fixtures";

const answer = JSON.stringify(completion);
const fetchFromMemory = async (_input: unknown, _init?: unknown) =>
  new Response(answer, { status: 200, headers: { "content-type": "application/json" } });

export async function callOverhead(): Promise<void> {
  const root = BASE_URL.replace(/\/v1\/openai$/, "");
  // The same headers every client sends: the key as a bearer token.
  const plain = createClient<paths>({
    baseUrl: root,
    fetch: fetchFromMemory,
    headers: { Authorization: "Bearer k" },
  });
  const ours = new VlmChat({ baseUrl: BASE_URL, apiKey: "k", maxRetries: 0, fetch: fetchFromMemory });
  const openai = new OpenAI({ baseURL: BASE_URL, apiKey: "k", maxRetries: 0, fetch: fetchFromMemory });
  const check = (value: unknown) => {
    if ((value as { id?: string } | undefined)?.id !== completion.id) throw new Error("wrong answer");
  };
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench
    .add("bare: fetch + response.json()", async () => {
      const response = await fetchFromMemory(`${BASE_URL}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer k" },
        body: JSON.stringify(request),
      });
      check(await response.json());
    })
    .add("openapi-fetch 0.17.0", async () => {
      check((await plain.POST("/v1/openai/chat/completions", { body: request })).data);
    })
    .add("@vlmchat/client", async () => {
      check(await ours.chat.completions.create(request));
    })
    .add("openai 6.49.0", async () => {
      check(await openai.chat.completions.create(request));
    });
  await bench.run();
  const means = new Map<string, number>();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
    means.set(task.name, result.latency.mean * 1000);
  }
  const bare = means.get("bare: fetch + response.json()") as number;
  const openapiFetchAdded = (means.get("openapi-fetch 0.17.0") as number) - bare;
  console.log("\nPer-call overhead (non-streamed completion from an in-memory fetch)");
  for (const [name, us] of means) {
    const added = us - bare;
    const vsOpenapiFetch = name.startsWith("bare")
      ? ""
      : `   ${(added / openapiFetchAdded).toFixed(2)}× openapi-fetch's added cost`;
    console.log(
      `    ${name.padEnd(32)} ${us.toFixed(1).padStart(7)} µs/call   +${added.toFixed(1).padStart(6)} µs${vsOpenapiFetch}`,
    );
  }
}
