export * from "./errors";
export { type ServerSentEvent, SSEParser } from "./sse";
export { ChatCompletionStream } from "./stream";
