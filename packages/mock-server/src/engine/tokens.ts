/**
 * The mock's tokenizer: deterministic, documented, and close enough to BPE in size for token budgets to
 * behave realistically. It splits text exactly as this regular expression does (GPT-2's pre-tokenizer
 * with length caps), but with a hand-written scanner, several times faster:
 *
 *     / ?\p{L}{1,8}| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]{1,2}|\s+(?!\S)|\s+/gu
 *
 * That is: an optional space and 1–8 letters (a long word becomes several tokens); an optional space
 * and 1–3 digits; an optional space and 1–2 other visible characters (punctuation, symbols, emoji); a
 * run of whitespace, leaving its last space to the word after it. The tokens of a text concatenate
 * back to the text exactly, which lets a stream of token-sized deltas rebuild the answer byte for byte.
 */
export const TOKEN_PATTERN = / ?\p{L}{1,8}| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]{1,2}|\s+(?!\S)|\s+/gu;

const LETTER = 1;
const NUMBER = 2;
const OTHER = 3;
const SPACE = 4;
const RUN_LIMIT = [0, 8, 3, 2];

const ASCII = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  ASCII[code] = /\s/.test(char)
    ? SPACE
    : /[A-Za-z]/.test(char)
      ? LETTER
      : /[0-9]/.test(char)
        ? NUMBER
        : OTHER;
}

function classOf(code: number): number {
  if (code < 128) return ASCII[code] as number;
  const char = String.fromCodePoint(code);
  return /\p{L}/u.test(char) ? LETTER : /\p{N}/u.test(char) ? NUMBER : /\s/u.test(char) ? SPACE : OTHER;
}

/** Calls `emit(start, end)` for each token of `text`, in order. */
function scan(text: string, emit: (start: number, end: number) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const start = i;
    let at = i;
    let kind = classOf(text.codePointAt(at) as number);
    if (text.charCodeAt(at) === 0x20 && at + 1 < length) {
      const next = classOf(text.codePointAt(at + 1) as number);
      if (next !== SPACE) {
        at++;
        kind = next;
      }
    }
    if (kind !== SPACE) {
      const limit = RUN_LIMIT[kind] as number;
      let taken = 0;
      while (at < length && taken < limit) {
        const code = text.codePointAt(at) as number;
        if (classOf(code) !== kind) break;
        at += code > 0xffff ? 2 : 1;
        taken++;
      }
      emit(start, at);
      i = at;
      continue;
    }
    // A whitespace run: all of it at the end of the text; otherwise all but its last character, which
    // (as a space) starts the next token — unless the run is that one character.
    let end = at;
    while (end < length) {
      const code = text.codePointAt(end) as number;
      if (classOf(code) !== SPACE) break;
      end += code > 0xffff ? 2 : 1;
    }
    if (end < length && end - start > 1) end -= 1;
    emit(start, end);
    i = end;
  }
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  scan(text, (start, end) => tokens.push(text.slice(start, end)));
  return tokens;
}

export function countTokens(text: string): number {
  let count = 0;
  scan(text, () => count++);
  return count;
}
