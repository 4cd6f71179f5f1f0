/**
 * Stream throughput: a 100,000-chunk (~28 MB) SSE answer fed through a custom fetch in 1 KiB and
 * 64 KiB reads, read to its end by each client; the floor is JSON.parse alone on the pre-split events.
 */

import { VlmChat } from "@vlmchat/client";
import { createParser } from "eventsource-parser";
import OpenAI from "openai";
import { BASE_URL, request, sseStream, streamedResponse } from "./fixtures";
import { median, roundMeans } from "./rounds";

const CHUNKS = 100_000;

export async function streamThroughput(): Promise<void> {
  const { bytes, events } = sseStream(CHUNKS);
  console.log(
    `\nStream throughput: ${CHUNKS.toLocaleString()} chunks, ${(bytes.length / 1e6).toFixed(1)} MB`,
  );
  for (const readSize of [1024, 64 * 1024]) {
    const fetch = async () => streamedResponse(bytes, readSize);
    const ours = new VlmChat({ baseURL: BASE_URL, apiKey: "k", maxRetries: 0, fetch });
    const openai = new OpenAI({ baseURL: BASE_URL, apiKey: "k", maxRetries: 0, fetch });
    let seen = 0;
    const expectAll = (name: string) => {
      if (seen !== CHUNKS) throw new Error(`${name} saw ${seen} chunks, not ${CHUNKS}`);
      seen = 0;
    };
    const floor = "floor: JSON.parse on pre-split events";
    const means = await roundMeans(
      [
        [
          floor,
          () => {
            for (const data of events) if (JSON.parse(data)) seen++;
            expectAll("floor");
          },
        ],
        [
          "@vlmchat/client (create + for await)",
          async () => {
            const stream = await ours.chat.completions.create({ ...request, stream: true });
            for await (const chunk of stream) if (chunk) seen++;
            expectAll("ours");
          },
        ],
        [
          "eventsource-parser 3.1.1 + JSON.parse",
          async () => {
            const decoder = new TextDecoder();
            const parser = createParser({
              onEvent: (event) => {
                if (event.data !== "[DONE]" && JSON.parse(event.data)) seen++;
              },
            });
            const reader = streamedResponse(bytes, readSize).body?.getReader();
            for (;;) {
              const result = await reader?.read();
              if (!result || result.done) break;
              parser.feed(decoder.decode(result.value, { stream: true }));
            }
            expectAll("eventsource-parser");
          },
        ],
        [
          "openai 6.49.0 (create + for await)",
          async () => {
            const stream = await openai.chat.completions.create({ ...request, stream: true });
            for await (const chunk of stream) if (chunk) seen++;
            expectAll("openai");
          },
        ],
      ],
      { rounds: 7, iterations: 2 },
    );
    printRatios(means, `${readSize / 1024} KiB reads (median of 7 interleaved rounds)`, floor);
    // The target: ours at most 1.2× eventsource-parser + JSON.parse over the same bytes.
    const oursMeans = means.get("@vlmchat/client (create + for await)") as number[];
    const peer = means.get("eventsource-parser 3.1.1 + JSON.parse") as number[];
    const ratio = median(oursMeans.map((mean, i) => mean / (peer[i] as number)));
    console.log(`    ours / (eventsource-parser + JSON.parse): ${ratio.toFixed(2)}× (target ≤ 1.20×)`);
  }
}

/** Each task's median time per run, and the median of its per-round ratios to the `base` task. */
function printRatios(means: Map<string, number[]>, title: string, base: string): void {
  const baseMeans = means.get(base) as number[];
  console.log(`  ${title}`);
  for (const [name, rounds] of means) {
    const ratio = median(rounds.map((mean, i) => mean / (baseMeans[i] as number)));
    console.log(
      `    ${name.padEnd(44)} ${median(rounds).toFixed(1).padStart(8)} ms   ${ratio.toFixed(2)}× the floor`,
    );
  }
}
