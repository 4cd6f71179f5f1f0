/**
 * The mock's tokenizer: deterministic, documented, and close enough to BPE in size for token budgets to
 * behave realistically. A token is one of, in this order of preference:
 *   - an optional space and 1–8 letters (a long word becomes several tokens),
 *   - an optional space and 1–3 digits,
 *   - an optional space and 1–2 other visible characters (punctuation, symbols, emoji),
 *   - a run of whitespace.
 * The tokens of a text concatenate back to the text exactly, which is what lets a stream of token-sized
 * deltas rebuild the non-streamed answer byte for byte.
 */
const TOKEN = / ?\p{L}{1,8}| ?\p{N}{1,3}| ?[^\s\p{L}\p{N}]{1,2}|\s+(?!\S)|\s+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  let count = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) count++;
  return count;
}
