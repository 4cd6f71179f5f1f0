/**
 * Builds a short string that matches a JSON Schema `pattern`, for the common subset of regular
 * expressions: literals, escapes, character classes, groups, alternation and quantifiers. Lookarounds
 * and back-references are out of scope: the function returns undefined, as it does whenever its
 * sample does not match the pattern after all.
 */
export function sampleRegex(pattern: string): string | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  let sample: string | undefined;
  try {
    sample = new RegexSampler(pattern).sample();
  } catch {
    return undefined;
  }
  return sample !== undefined && regex.test(sample) ? sample : undefined;
}

class Unsupported extends Error {}

/** Longest repetition built: `a{1000000000}` is a valid pattern, and no answer should hold it. */
const MAX_REPEAT = 1_000;
const MAX_SAMPLE = 10_000;

type CharTest = (char: string) => boolean;

const CANDIDATE_CHARS = ["a", "b", "x", "A", "B", "X", "0", "1", "9", "_", "-", " ", ".", "@", "/", ":", "#"];

class RegexSampler {
  private pos = 0;
  constructor(private readonly source: string) {}

  sample(): string {
    const out = this.alternation();
    if (this.pos < this.source.length) throw new Unsupported(`unexpected ${this.source[this.pos]}`);
    return out;
  }

  private peek(): string | undefined {
    return this.source[this.pos];
  }

  private alternation(): string {
    // The first alternative is enough: any one of them matches.
    const first = this.sequence();
    while (this.peek() === "|") {
      this.pos++;
      this.sequence();
    }
    return first;
  }

  private sequence(): string {
    let out = "";
    for (let c = this.peek(); c !== undefined && c !== "|" && c !== ")"; c = this.peek()) {
      const atom = this.atom();
      const times = this.quantifier();
      if (out.length + atom.length * times > MAX_SAMPLE) throw new Unsupported("a sample too long to build");
      out += atom.repeat(times);
    }
    return out;
  }

  private quantifier(): number {
    const c = this.peek();
    let min = 1;
    if (c === "*" || c === "?") {
      this.pos++;
      min = 0;
    } else if (c === "+") {
      this.pos++;
      min = 1;
    } else if (c === "{") {
      const match = /^\{(\d+)(,\d*)?\}/.exec(this.source.slice(this.pos));
      if (!match) return 1; // a literal brace
      this.pos += match[0].length;
      min = Number(match[1]);
      if (min > MAX_REPEAT) throw new Unsupported("a repetition too large to build");
    } else {
      return 1;
    }
    if (this.peek() === "?" || this.peek() === "+") this.pos++; // lazy or possessive: same sample
    return min;
  }

  private atom(): string {
    const c = this.source[this.pos++] as string;
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return this.charClass();
      case ".":
        return "a";
      case "^":
      case "$":
        return "";
      case "\\":
        return this.escapeAtom();
      default:
        return c;
    }
  }

  private group(): string {
    if (this.peek() === "?") {
      const rest = this.source.slice(this.pos, this.pos + 3);
      if (rest.startsWith("?:")) this.pos += 2;
      else if (rest.startsWith("?<") && rest[2] !== "=" && rest[2] !== "!") {
        const end = this.source.indexOf(">", this.pos);
        if (end < 0) throw new Unsupported("unterminated group name");
        this.pos = end + 1;
      } else throw new Unsupported("lookaround");
    }
    const inner = this.alternation();
    if (this.source[this.pos++] !== ")") throw new Unsupported("unterminated group");
    return inner;
  }

  private escapeAtom(): string {
    const c = this.source[this.pos++];
    if (c === undefined) throw new Unsupported("trailing backslash");
    if (c === "b" || c === "B") return "";
    if (/[1-9k]/.test(c)) throw new Unsupported("back-reference");
    const test = this.escapeClass(c);
    if (test) return firstMatching(test);
    return this.escapedChar(c);
  }

  /** A class escape (`\d`, `\w`, `\s`, their negations, `\p{…}`) as a test; undefined for a single-character escape. */
  private escapeClass(c: string): CharTest | undefined {
    switch (c) {
      case "d":
        return (ch) => /\d/u.test(ch);
      case "D":
        return (ch) => /\D/u.test(ch);
      case "w":
        return (ch) => /\w/u.test(ch);
      case "W":
        return (ch) => /\W/u.test(ch);
      case "s":
        return (ch) => /\s/u.test(ch);
      case "S":
        return (ch) => /\S/u.test(ch);
      case "p":
      case "P": {
        const match = /^\{[^}]+\}/.exec(this.source.slice(this.pos));
        if (!match) throw new Unsupported("bad property escape");
        this.pos += match[0].length;
        const property = new RegExp(`\\${c}${match[0]}`, "u");
        return (ch) => property.test(ch);
      }
      default:
        return undefined;
    }
  }

  private escapedChar(c: string): string {
    switch (c) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case "f":
        return "\f";
      case "v":
        return "\v";
      case "0":
        return "\0";
      case "x": {
        const hex = this.source.slice(this.pos, this.pos + 2);
        this.pos += 2;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      case "u": {
        const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.source.slice(this.pos));
        if (braced) {
          this.pos += braced[0].length;
          return String.fromCodePoint(Number.parseInt(braced[1] as string, 16));
        }
        const hex = this.source.slice(this.pos, this.pos + 4);
        this.pos += 4;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      default:
        return c;
    }
  }

  private charClass(): string {
    const negated = this.peek() === "^";
    if (negated) this.pos++;
    const tests: CharTest[] = [];
    let first = true;
    while (this.pos < this.source.length) {
      const c = this.source[this.pos] as string;
      if (c === "]" && !first) break;
      first = false;
      this.pos++;
      let low: string;
      if (c === "\\") {
        const e = this.source[this.pos++] as string;
        const test = this.escapeClass(e);
        if (test) {
          tests.push(test);
          continue;
        }
        low = e === "b" ? "\b" : this.escapedChar(e);
      } else {
        low = c;
      }
      if (this.peek() === "-" && this.source[this.pos + 1] !== "]" && this.pos + 1 < this.source.length) {
        this.pos++;
        let high = this.source[this.pos++] as string;
        if (high === "\\") high = this.escapedChar(this.source[this.pos++] as string);
        const from = low.codePointAt(0) as number;
        const to = high.codePointAt(0) as number;
        tests.push((ch) => {
          const code = ch.codePointAt(0) as number;
          return code >= from && code <= to;
        });
        if (!negated) tests.unshift((ch) => ch === low);
      } else {
        tests.push((ch) => ch === low);
      }
    }
    if (this.source[this.pos++] !== "]") throw new Unsupported("unterminated class");
    const inClass = (ch: string) => tests.some((test) => test(ch));
    if (!negated) {
      // The first member is the most natural sample; a range's low end was queued first.
      for (const candidate of CANDIDATE_CHARS) if (inClass(candidate)) return candidate;
      for (let code = 0x20; code < 0x3000; code++) {
        const ch = String.fromCharCode(code);
        if (inClass(ch)) return ch;
      }
      throw new Unsupported("empty class");
    }
    return firstMatching((ch) => !inClass(ch));
  }
}

function firstMatching(test: CharTest): string {
  for (const candidate of CANDIDATE_CHARS) if (test(candidate)) return candidate;
  for (let code = 0x20; code < 0x3000; code++) {
    const ch = String.fromCharCode(code);
    if (test(ch)) return ch;
  }
  throw new Unsupported("no character matches");
}
