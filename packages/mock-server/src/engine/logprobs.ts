import type { TokenLogprob, TopLogprob } from "@vlmchat/types";
import { fnv1a } from "./hash";

/**
 * Deterministic log probabilities: the chosen token is always the most likely one, between -0.5 and 0;
 * its alternatives (other spellings of it, then common tokens) follow in decreasing likelihood.
 */
export function tokenLogprobs(tokens: readonly string[], topCount: number, salt: string): TokenLogprob[] {
  return tokens.map((token, position) => {
    const hash = fnv1a(`${salt}:${position}:${token}`);
    const logprob = -round((hash % 500) / 1000);
    const top: TopLogprob[] = [];
    if (topCount > 0) {
      top.push({ token, logprob, bytes: utf8(token) });
      let previous = logprob;
      for (const alternative of alternatives(token, topCount - 1)) {
        previous = round(previous - 0.5 - (fnv1a(`${hash}:${alternative}`) % 300) / 100);
        top.push({ token: alternative, logprob: previous, bytes: utf8(alternative) });
      }
    }
    return { token, logprob, bytes: utf8(token), top_logprobs: top };
  });
}

const COMMON = [
  " the",
  " a",
  ",",
  ".",
  " and",
  " of",
  " to",
  " is",
  " in",
  " it",
  "\n",
  " that",
  " on",
  " with",
];

function alternatives(token: string, count: number): string[] {
  const trimmed = token.trim();
  const lead = token.startsWith(" ") ? " " : "";
  const variants = [
    token.toLowerCase(),
    lead + trimmed.charAt(0).toUpperCase() + trimmed.slice(1),
    token.toUpperCase(),
    lead === " " ? trimmed : ` ${trimmed}`,
    `${token}s`,
    token.slice(0, -1),
    ...COMMON,
  ];
  const out: string[] = [];
  const seen = new Set([token]);
  for (const candidate of variants) {
    if (out.length >= count) break;
    if (candidate === "" || seen.has(candidate)) continue;
    seen.add(candidate);
    out.push(candidate);
  }
  for (let i = 0; out.length < count; i++) {
    const filler = ` token${i}`;
    if (!seen.has(filler)) out.push(filler);
  }
  return out;
}

const UTF8 = new TextEncoder();

function utf8(token: string): number[] {
  return [...UTF8.encode(token)];
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
