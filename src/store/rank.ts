import { foldText } from '../text.js';
import type { ParsedQuery, Term } from './search-query.js';

/**
 * BM25 relevance over a set of candidate messages, computed here rather than by FTS5's bm25():
 * that function derives its IDF by walking every match of each phrase in the whole archive, which
 * costs tens of milliseconds for common words. Candidates already match the query; this orders them.
 */

const K1 = 1.2;
const B = 0.75;

export interface Candidate {
  id: number;
  text: string | null;
}

export interface Ranked {
  id: number;
  score: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Per UTF-16 code unit of folded text: 0 not yet known, 1 part of a word, 2 a separator. */
const charClass = new Uint8Array(65_536);
/** Per non-ASCII code unit: what foldText makes of it alone. */
const charFold = new Map<number, string>();

function isWordChar(c: number): boolean {
  let k = charClass[c]!;
  if (k === 0) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    charClass[c] = k;
  }
  return k === 1;
}

function foldChar(c: number): string {
  let f = charFold.get(c);
  if (f === undefined) {
    f = foldText(String.fromCharCode(c));
    charFold.set(c, f);
  }
  return f;
}

/**
 * Folding a whole text equals folding it character by character (marks are removed, so their
 * canonical order does not matter), except for the context-dependent lower case of capital sigma
 * and for letters, digits and marks outside the BMP (emoji, the usual astral characters, separate
 * words either way): texts with those take the general path.
 */
const SIGMA = '\u03a3';
const SURROGATE = /[\ud800-\udfff]/;
const ASTRAL = /[\ud800-\udbff][\udc00-\udfff]/g;
const WORD_OR_MARK = /^[\p{L}\p{N}\p{M}]$/u;
const NON_ASCII = /[^\0-\x7f]/;

function foldsCharwise(text: string): boolean {
  if (text.includes(SIGMA)) return false;
  if (!SURROGATE.test(text)) return true;
  for (const [c] of text.matchAll(ASTRAL)) if (WORD_OR_MARK.test(c)) return false;
  return true;
}

function foldCharwise(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) continue;
    out += text.slice(from, i).toLowerCase() + foldChar(c);
    from = i + 1;
  }
  return out + text.slice(from).toLowerCase();
}

/** Tokens as the index sees them: accents removed, lower case (the text is folded once, not per word). */
export function foldedTokens(text: string): string[] {
  if (!foldsCharwise(text)) return foldText(text).match(WORD) ?? [];
  const folded = foldCharwise(text);
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; i++) {
    if (isWordChar(folded.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push(folded.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) tokens.push(folded.slice(start));
  return tokens;
}

/**
 * Token count and occurrences of one-word terms (`words`, folded; `prefix` per word) in `text`,
 * without making a string per token: the same figures as foldedTokens and termFrequency.
 * `counts` receives the occurrences; returns the token count.
 */
function countWords(
  text: string,
  words: readonly string[],
  prefix: readonly boolean[],
  counts: Float64Array,
  d: number,
): number {
  if (!foldsCharwise(text)) {
    const tokens = foldText(text).match(WORD) ?? [];
    for (let i = 0; i < words.length; i++)
      counts[i * (counts.length / words.length) + d] = tokens.filter((t) =>
        prefix[i] ? t.startsWith(words[i]!) : t === words[i],
      ).length;
    return tokens.length;
  }
  const folded = foldCharwise(text);
  const stride = counts.length / words.length;
  let tokens = 0;
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    if (i < folded.length && isWordChar(folded.charCodeAt(i))) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    tokens++;
    const length = i - start;
    for (let w = 0; w < words.length; w++) {
      const word = words[w]!;
      if ((prefix[w] ? length >= word.length : length === word.length) && folded.startsWith(word, start))
        counts[w * stride + d]!++;
    }
    start = -1;
  }
  return tokens;
}

/** Occurrences of `term` (a word, a prefix or a phrase) in folded tokens; `want` is the folded term. */
export function termFrequency(
  term: Term,
  tokens: readonly string[],
  want: readonly string[] = term.tokens.map(foldText),
): number {
  let count = 0;
  for (let i = 0; i + want.length <= tokens.length; i++) {
    let ok = true;
    for (let k = 0; k < want.length && ok; k++) {
      const token = tokens[i + k]!;
      ok = term.prefix && k === want.length - 1 ? token.startsWith(want[k]!) : token === want[k];
    }
    if (ok) count++;
  }
  return count;
}

/**
 * Scores candidates with BM25 (k1 1.2, b 0.75). `documentFrequency` gives, per term, how many
 * archived messages contain it and `documents` the archive size; without them every term weighs
 * the same, which is exact for queries whose terms all must match.
 * Best first; equal scores put newer messages (higher ids) first.
 */
export function rankCandidates(
  candidates: readonly Candidate[],
  query: ParsedQuery,
  idf: (term: Term) => number = () => 1,
): Ranked[] {
  const terms = query.groups.flat();
  const weights = terms.map(idf);
  const folded = terms.map((t) => t.tokens.map(foldText));
  const n = candidates.length;
  const lengths = new Float64Array(n);
  // frequencies[i * n + d]: occurrences of term i in candidate d.
  const frequencies = new Float64Array(terms.length * n);
  let totalLength = 0;
  const oneWord = terms.every((t) => t.tokens.length === 1);
  const words = folded.map((f) => f[0]!);
  const prefix = terms.map((t) => t.prefix);
  for (let d = 0; d < n; d++) {
    const text = candidates[d]!.text ?? '';
    if (oneWord) lengths[d] = countWords(text, words, prefix, frequencies, d);
    else {
      const tokens = foldedTokens(text);
      lengths[d] = tokens.length;
      for (let i = 0; i < terms.length; i++)
        frequencies[i * n + d] = termFrequency(terms[i]!, tokens, folded[i]);
    }
    totalLength += lengths[d]!;
  }
  const avgLength = totalLength / Math.max(1, n) || 1;
  const ranked: Ranked[] = new Array<Ranked>(n);
  for (let d = 0; d < n; d++) {
    const norm = K1 * (1 - B + (B * lengths[d]!) / avgLength);
    let score = 0;
    for (let i = 0; i < terms.length; i++) {
      const tf = frequencies[i * n + d]!;
      if (tf > 0) score += (weights[i]! * (tf * (K1 + 1))) / (tf + norm);
    }
    ranked[d] = { id: candidates[d]!.id, score };
  }
  return ranked.sort((a, b) => b.score - a.score || b.id - a.id);
}

/** BM25 inverse document frequency of a term found in `n` of `total` documents. */
export function inverseDocumentFrequency(n: number, total: number): number {
  return Math.log((total - n + 0.5) / (n + 0.5) + 1);
}
