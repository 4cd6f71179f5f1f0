/** One server-sent event: its `data` lines joined by `\n` (and its `event` name, when it has one). */
export interface SseEvent {
  data: string;
  event: string | undefined;
}

/**
 * An incremental `text/event-stream` parser (the WHATWG rules that matter here): bytes may be split
 * anywhere, UTF-8 characters included; lines end in `\n`, `\r\n` or `\r`; a leading BOM is dropped;
 * comment lines (`: ping`) are skipped; an event ends at a blank line.
 */
export class SseParser {
  private readonly decoder = new TextDecoder("utf-8");
  private buffer = "";
  private data: string[] = [];
  private event: string | undefined;
  private started = false;
  /** Comment lines seen so far (keep-alives). */
  comments = 0;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.buffer += text;
    return this.drain(false);
  }

  /** The end of the stream: a last event without its blank line is dispatched all the same. */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    const events = this.drain(true);
    if (this.buffer !== "") {
      this.line(this.buffer, events);
      this.buffer = "";
    }
    if (this.data.length > 0) this.dispatch(events);
    return events;
  }

  private drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A `\r` at the very end may be the first half of `\r\n`: wait for the next chunk.
      if (c === 13 && i === this.buffer.length - 1 && !final) break;
      this.line(this.buffer.slice(start, i), events);
      if (c === 13 && this.buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === "") {
      this.dispatch(events);
      return;
    }
    if (line.startsWith(":")) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data.length > 0) events.push({ data: this.data.join("\n"), event: this.event });
    this.data = [];
    this.event = undefined;
  }
}
