/**
 * Word-wraps text that arrives in pieces (a streamed answer) without waiting for the end: each piece is
 * written as soon as its words are complete, every line indented by `indent`. Only the word being typed
 * is held back, so a long answer still appears as it streams.
 */
export class StreamingWrapper {
  private column: number;
  private word = "";
  private pendingSpaces = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly indent: string,
    private readonly width: number,
    firstColumn = indent.length,
  ) {
    this.column = firstColumn;
  }

  push(text: string): void {
    for (const char of text) {
      if (char === "\n") {
        this.flushWord();
        this.pendingSpaces = 0;
        this.write(`\n${this.indent}`);
        this.column = this.indent.length;
      } else if (char === " ") {
        this.flushWord();
        this.pendingSpaces++;
      } else {
        this.word += char;
      }
    }
  }

  /** Writes the last word and ends the line. */
  end(): void {
    this.flushWord();
    this.write("\n");
  }

  private flushWord(): void {
    if (this.word === "") return;
    const spaces = " ".repeat(this.pendingSpaces);
    this.pendingSpaces = 0;
    if (this.column + spaces.length + this.word.length > this.width && this.column > this.indent.length) {
      this.write(`\n${this.indent}${this.word}`);
      this.column = this.indent.length + this.word.length;
    } else {
      this.write(spaces + this.word);
      this.column += spaces.length + this.word.length;
    }
    this.word = "";
  }
}
