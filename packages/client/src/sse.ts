/** One dispatched server-sent event. */
export interface ServerSentEvent {
  /** The `event` field, `"message"` when the event named none. */
  event: string;
  /** The `data` lines, joined with `\n`. */
  data: string;
  /** The last event id seen on the stream (the `id` field persists across events). */
  id: string;
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const STREAM = { stream: true } as const;

/**
 * An incremental parser for the `text/event-stream` format (WHATWG HTML, "Server-sent events"): feed it
 * bytes or text as they arrive, split anywhere, and it calls `onEvent` for each complete event.
 *
 * Handles LF, CRLF and CR line ends (a CRLF split across reads counts once), comment lines, multi-line
 * `data`, the `event`, `id` and `retry` fields, a field with no colon, a leading BOM, and UTF-8 characters
 * split across reads. One deliberate difference from the standard: at the end of the stream an event not
 * yet followed by its blank line is still dispatched (as openai-node does), so a server that closes
 * right after `data: [DONE]\n` is not read as cut short.
 */
export class SSEParser {
  /** The last `retry` field: the reconnection time the server asks for, in milliseconds. */
  retry: number | undefined;
  /** The last event id (`id` field). */
  lastEventId = "";

  readonly #onEvent: (event: ServerSentEvent) => void;
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  /**
   * Text of the current, unterminated line. Pieces are appended with `+`, which links them (a cons
   * string) without copying: a long line arriving in many pieces is copied once, when it is read.
   */
  #pending = "";
  #data = "";
  #hasData = false;
  #eventType = "";
  /** The previous piece ended with CR: an LF starting the next piece belongs to that line end. */
  #skipLF = false;
  #sawText = false;

  constructor(onEvent: (event: ServerSentEvent) => void) {
    this.#onEvent = onEvent;
  }

  /** Feed the next bytes (decoded as UTF-8) or text. */
  feed(chunk: Uint8Array | string): void {
    let text: string;
    if (typeof chunk === "string") {
      text = chunk;
    } else {
      // A piece ending in ASCII (nearly all of them: lines end with LF) cannot end inside a character:
      // it is decoded in one go, several times faster than a streaming decode of small pieces, and
      // that also flushes a character an earlier piece left unfinished.
      text = this.#decoder.decode(chunk, (chunk[chunk.length - 1] as number) < 0x80 ? undefined : STREAM);
    }
    if (text.length === 0) return;
    if (!this.#sawText) {
      this.#sawText = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // CR and CRLF line ends become LF. A CR ending this piece may be half of a CRLF split across
    // pieces: then the LF starting the next piece is dropped.
    if (this.#skipLF && text.charCodeAt(0) === LF) text = text.slice(1);
    this.#skipLF = text.charCodeAt(text.length - 1) === CR;
    if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
    this.#lines(text);
  }

  /** The stream ended: flush a final line and dispatch an event still waiting for its blank line. */
  end(): void {
    // An unfinished character at the very end becomes U+FFFD.
    const rest = this.#decoder.decode();
    if (rest) this.feed(rest);
    if (this.#pending) {
      const line = this.#pending;
      this.#pending = "";
      this.#line(line, 0, line.length);
    }
    this.#dispatch();
  }

  #lines(piece: string): void {
    let lf = piece.indexOf("\n");
    if (lf === -1) {
      this.#pending += piece;
      return;
    }
    let pos = 0;
    if (this.#pending) {
      // The line begun in earlier pieces ends here: join only its own pieces (a long line arriving in
      // many pieces is copied once), and leave the rest of this piece where it is.
      const line = this.#pending + piece.slice(0, lf);
      this.#pending = "";
      this.#line(line, 0, line.length);
      pos = lf + 1;
      lf = piece.indexOf("\n", pos);
    }
    while (lf !== -1) {
      this.#line(piece, pos, lf);
      pos = lf + 1;
      lf = piece.indexOf("\n", pos);
    }
    if (pos < piece.length) this.#pending = piece.slice(pos);
  }

  #line(text: string, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    const first = text.charCodeAt(start);
    if (first === COLON) return;
    let field: string;
    let valueStart: number;
    // The hot path: `data:` lines.
    if (first === 100 && text.startsWith("data:", start)) {
      field = "data";
      valueStart = start + 5;
    } else {
      const colon = text.indexOf(":", start);
      if (colon === -1 || colon >= end) {
        field = text.slice(start, end);
        valueStart = end;
      } else {
        field = text.slice(start, colon);
        valueStart = colon + 1;
      }
    }
    if (valueStart < end && text.charCodeAt(valueStart) === SPACE) valueStart++;
    const value = text.slice(valueStart, end);
    switch (field) {
      case "data":
        if (this.#hasData) this.#data += `\n${value}`;
        else {
          this.#data = value;
          this.#hasData = true;
        }
        break;
      case "event":
        this.#eventType = value;
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
    }
  }

  #dispatch(): void {
    if (!this.#hasData) {
      this.#eventType = "";
      return;
    }
    const event: ServerSentEvent = {
      event: this.#eventType || "message",
      data: this.#data,
      id: this.lastEventId,
    };
    this.#data = "";
    this.#hasData = false;
    this.#eventType = "";
    this.#onEvent(event);
  }
}
