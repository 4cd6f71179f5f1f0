import type { PartDescription } from "./content-parts";
import type { ToolResult } from "./conversation";

/** What a session already holds when a turn starts. */
export interface SessionHistory {
  sessionId: string;
  /** How many turns the session had before this one. */
  earlierTurns: number;
  /** The tokens those turns used (they count towards this turn's prompt). */
  earlierTokens: number;
  /** The user text of the previous turn. */
  previousUserText: string | undefined;
}

/** An image the turn made (the `image-gen` toolset), kept as an artifact of the session. */
export interface MadeImage {
  objectId: string;
  contentType: string;
  width: number;
  height: number;
}

export interface AnswerInput {
  choiceIndex: number;
  /** The image this turn made, named in the answer. */
  image?: MadeImage | undefined;
  choiceCount: number;
  history: SessionHistory;
  lastUserParts: readonly PartDescription[];
  lastUserText: string | undefined;
  toolResults: readonly ToolResult[];
}

const QUOTE_LIMIT = 280;
const URL_LIMIT = 80;

/**
 * The deterministic answer: which choice this is, what the session remembers, every part of the last
 * user message (kind, media type, size, pixel size), the tool results, and the user's words quoted back.
 */
export function composeAnswer(input: AnswerInput): string {
  const sentences: string[] = [];
  if (input.choiceCount > 1) sentences.push(`Choice ${input.choiceIndex + 1} of ${input.choiceCount}.`);
  sentences.push(describeHistory(input.history));
  if (input.lastUserText === undefined) {
    sentences.push("There is no user message to answer.");
  } else {
    sentences.push(describeParts(input.lastUserParts));
  }
  if (input.image) {
    const { objectId, contentType, width, height } = input.image;
    sentences.push(
      `I made an image: ${objectId} (${contentType}, ${width}×${height} pixels); fetch it from /v1/artifacts with this session_id.`,
    );
  }
  for (const result of input.toolResults) {
    const who = result.name === undefined ? "A tool" : `The tool ${result.name}`;
    sentences.push(`${who} (call ${result.callId}) returned ${quote(result.content)}.`);
  }
  if (input.lastUserText !== undefined && input.lastUserText.trim() !== "") {
    sentences.push(`You said: ${quote(input.lastUserText)}`);
  }
  return sentences.join(" ");
}

function describeHistory(history: SessionHistory): string {
  if (history.earlierTurns === 0) return "This is the first turn of the session.";
  const turns = history.earlierTurns === 1 ? "1 earlier turn" : `${history.earlierTurns} earlier turns`;
  const previous = history.previousUserText?.trim()
    ? `; the previous one said ${quote(history.previousUserText)}`
    : "";
  return `This session has ${turns}${previous}.`;
}

function describeParts(parts: readonly PartDescription[]): string {
  if (parts.length === 0) return "Your message is empty.";
  const described = parts.map(formatPart);
  if (parts.length === 1) return `You sent ${described[0]}.`;
  return `You sent ${parts.length} parts: ${described.join("; ")}.`;
}

/** One part in words, e.g. `an image (image/png, 70 bytes, 2×1 pixels, inline data URL)`. */
export function formatPart(part: PartDescription): string {
  if (part.kind === "text") {
    const chars = part.chars ?? [...(part.text ?? "")].length;
    return `text (${chars} ${chars === 1 ? "character" : "characters"})`;
  }
  const facts: string[] = [];
  if (part.problem !== undefined) facts.push(part.problem);
  if (part.mimeType !== undefined) {
    facts.push(part.source === "url" ? `${part.mimeType} by its extension` : part.mimeType);
  }
  if (part.sniffedMimeType !== undefined) facts.push(`but the bytes are ${part.sniffedMimeType}`);
  if (part.bytes !== undefined) facts.push(`${part.bytes} ${part.bytes === 1 ? "byte" : "bytes"}`);
  if (part.width !== undefined && part.height !== undefined)
    facts.push(`${part.width}×${part.height} pixels`);
  if (part.durationSeconds !== undefined) facts.push(`${formatSeconds(part.durationSeconds)} long`);
  if (part.filename !== undefined) facts.push(`named ${part.filename}`);
  if (part.detail !== undefined) facts.push(`detail ${part.detail}`);
  if (part.source === "data-url") facts.push("inline data URL");
  if (part.source === "inline") facts.push("inline base64");
  if (part.source === "url" && part.url !== undefined)
    facts.push(`at ${truncate(part.url, URL_LIMIT)}, not fetched`);
  if (part.fileId !== undefined) facts.push(`file id ${part.fileId}`);
  const noun = {
    image: "an image",
    video: "a video",
    audio: "audio",
    document: "a document",
    file: "a file",
  }[part.kind];
  return `${noun} (${facts.join(", ")})`;
}

function formatSeconds(seconds: number): string {
  return seconds >= 10 ? `${seconds.toFixed(1)} s` : `${Number(seconds.toPrecision(3))} s`;
}

function quote(text: string): string {
  return `“${truncate(text.trim(), QUOTE_LIMIT)}”`;
}

/** The text cut to `limit` characters (code points); only its head is looked at, however long it is. */
function truncate(text: string, limit: number): string {
  // `limit` code points take at most 2 × limit UTF-16 units.
  const chars = [...text.slice(0, 2 * limit + 1)];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}
