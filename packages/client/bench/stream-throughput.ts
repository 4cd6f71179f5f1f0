/**
 * Stream throughput: a 100,000-chunk (~28 MB) SSE answer fed through a custom fetch in 1 KiB and
 * 64 KiB reads, read to its end by each client; the floor is JSON.parse alone on the pre-split events.
 */
import { createParser } from "eventsource-parser";
import OpenAI from "openai";
import { SSEParser, VlmChat } from "../src/index";
import { BASE_URL, request, sseStream, streamedResponse } from "./fixtures";
import { bestOfRounds } from "./rounds";

const CHUNKS = 100_000;

export async function streamThroughput(): Promise<void> {
  const { bytes, events } = sseStream(CHUNKS);
  console.log(
    `\nStream throughput: ${CHUNKS.toLocaleString()} chunks, ${(bytes.length / 1e6).toFixed(1)} MB`,
  );
  for (const readSize of [1024, 64 * 1024]) {
    const fetch = async () => streamedResponse(bytes, readSize);
    const ours = new VlmChat({ baseUrl: BASE_URL, apiKey: "k", maxRetries: 0, fetch });
    const openai = new OpenAI({ baseURL: BASE_URL, apiKey: "k", maxRetries: 0, fetch });
    let seen = 0;
    const expectAll = (name: string) => {
      if (seen !== CHUNKS) throw new Error(`${name} saw ${seen} chunks, not ${CHUNKS}`);
      seen = 0;
    };
    const floor = "floor: JSON.parse on pre-split events";
    const means = await bestOfRounds(
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
          "@vlmchat/client SSEParser + JSON.parse",
          async () => {
            const parser = new SSEParser((event) => {
              if (event.data !== "[DONE]" && JSON.parse(event.data)) seen++;
            });
            const reader = streamedResponse(bytes, readSize).body?.getReader();
            for (;;) {
              const result = await reader?.read();
              if (!result || result.done) break;
              parser.feed(result.value);
            }
            parser.end();
            expectAll("SSEParser");
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
      { rounds: 4, iterations: 2 },
    );
    printRatios(means, `${readSize / 1024} KiB reads (best of 4 interleaved rounds)`, floor);
  }
}

/** Mean time per run of each task and its ratio to the `base` task. */
function printRatios(means: Map<string, number>, title: string, base: string): void {
  const baseMean = means.get(base) as number;
  console.log(`  ${title}`);
  for (const [name, mean] of means) {
    console.log(
      `    ${name.padEnd(44)} ${mean.toFixed(1).padStart(8)} ms   ${(mean / baseMean).toFixed(2)}× the floor`,
    );
  }
}
