import type { Style } from "../style";
import { StreamingWrapper } from "../word-wrap";

/** How the tour writes to the terminal: numbered sections, speaker turns, checks, indented blocks. */
export class TourPrinter {
  readonly width: number;

  constructor(
    private readonly out: NodeJS.WritableStream & { columns?: number },
    readonly style: Style,
  ) {
    this.width = Math.min(100, Math.max(60, out.columns || 100));
  }

  line(text = ""): void {
    this.out.write(`${text}\n`);
  }

  section(number: number, title: string, note: string): void {
    this.line();
    this.line(
      `${this.style.bold(this.style.cyan(`${number}.`))} ${this.style.bold(title)}  ${this.style.dim(note)}`,
    );
  }

  you(text: string): void {
    const wrapper = new StreamingWrapper((t) => this.out.write(t), "         ", this.width, 9);
    this.out.write(`   ${this.style.blue("you")} ${this.style.dim("›")} `);
    wrapper.push(text);
    wrapper.end();
  }

  /** Starts the assistant's turn; the returned writer takes the streamed text as it arrives. */
  assistant(): StreamingWrapper {
    this.out.write(`   ${this.style.magenta("vlm")} ${this.style.dim("›")} `);
    return new StreamingWrapper((t) => this.out.write(t), "         ", this.width, 9);
  }

  /** The assistant's whole answer, word-wrapped under its label. */
  answer(text: string): void {
    const out = this.assistant();
    out.push(text);
    out.end();
  }

  note(text: string): void {
    this.line(`         ${this.style.dim(text)}`);
  }

  ok(text: string): void {
    this.line(`   ${this.style.green("✓")} ${text}`);
  }

  fail(text: string): void {
    this.line(`   ${this.style.red("✗")} ${text}`);
  }

  block(lines: readonly string[], indent = "     "): void {
    for (const text of lines) this.line(indent + text);
  }
}
