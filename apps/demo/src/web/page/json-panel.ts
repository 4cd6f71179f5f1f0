/** The structured-output panel: the validated object, highlighted, or why the answer did not validate. */
export class JsonPanel {
  constructor(
    private readonly panel: HTMLElement,
    private readonly status: HTMLElement,
  ) {}

  pending(): void {
    this.status.textContent = "· streaming…";
    this.status.className = "muted";
  }

  show(value: unknown, note: string): void {
    this.panel.replaceChildren(...highlight(JSON.stringify(value, null, 2)));
    this.panel.classList.add("filled");
    this.status.textContent = `· ${note}`;
    this.status.className = "ok";
  }

  invalid(problems: readonly string[], raw: string): void {
    this.panel.textContent = `${problems.join("\n")}\n\n${raw}`;
    this.panel.classList.add("filled");
    this.status.textContent = "· not valid";
    this.status.className = "bad";
  }
}

/** Keys, strings and numbers as spans; everything else as text. No HTML is built from the data. */
function highlight(json: string): Node[] {
  const nodes: Node[] = [];
  const token = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
  let at = 0;
  for (let match = token.exec(json); match; match = token.exec(json)) {
    nodes.push(document.createTextNode(json.slice(at, match.index)));
    const span = document.createElement("span");
    if (match[1] !== undefined) {
      span.className = match[2] ? "k" : "s";
      span.textContent = match[1];
      nodes.push(span);
      if (match[2]) nodes.push(document.createTextNode(match[2]));
    } else {
      span.className = "n";
      span.textContent = match[0];
      nodes.push(span);
    }
    at = match.index + match[0].length;
  }
  nodes.push(document.createTextNode(json.slice(at)));
  return nodes;
}
