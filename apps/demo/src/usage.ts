import { KNOWN_MODELS } from "./models";

export const USAGE = `vlmchat demo: multimodal chat with streaming and structured output

Usage:
  pnpm demo [--out DIR]              the scripted tour (image question, follow-up, receipt
                                     extraction, a bad request and its 422, an upload and an
                                     image saved into DIR, a new temporary folder by default)
  pnpm demo chat "PROMPT" [inputs] [options]
  pnpm demo:web [--port N]           the web page on http://127.0.0.1:5178

Inputs (repeat any of them):
  --image PATH    png, jpeg, gif, webp, bmp, tiff
  --file PATH     pdf, docx, or any type above (sniffed from the bytes)
  --video PATH    mp4, mov, webm
  --audio PATH    mp3, wav, ogg, flac, webm

Options:
  --model ID      any model id; the API decides (default vlmrun-orion-1:fast). Known:
                  ${KNOWN_MODELS.join(", ")}
  --schema PATH   a JSON Schema file: the answer is JSON valid against it
  --session ID    continue a conversation (its id is printed after each answer)
  --no-stream     wait for the whole answer instead of streaming it
  --base-url URL  the API's base URL (default https://agent.vlm.run/v1/openai)
  --mock          use the embedded mock server even when VLMRUN_API_KEY is set
  --latency MS    the mock's delay per streamed chunk (tour and web)
  --out DIR       where the tour saves the image it gets back (default: a temporary folder)
  -h, --help      this text

Without VLMRUN_API_KEY everything runs against the embedded mock server (no network, no key);
with it, against VLM Run's API.
`;
