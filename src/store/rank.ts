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
const fold = foldText;

/** Tokens as the index sees them: accents removed, lower case (the text is folded once, not per word). */
export function foldedTokens(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** Occurrences of `term` (a word, a prefix or a phrase) in folded tokens; `want` is the folded term. */
export function termFrequency(
  term: Term,
  tokens: readonly string[],
  want: readonly string[] = term.tokens.map(fold),
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
  const folded = terms.map((t) => t.tokens.map(fold));
  const docs = candidates.map((c) => ({ id: c.id, tokens: foldedTokens(c.text ?? '') }));
  const avgLength = docs.reduce((sum, d) => sum + d.tokens.length, 0) / Math.max(1, docs.length) || 1;
  return docs
    .map((d) => {
      const norm = K1 * (1 - B + (B * d.tokens.length) / avgLength);
      let score = 0;
      terms.forEach((term, i) => {
        const tf = termFrequency(term, d.tokens, folded[i]);
        if (tf > 0) score += (weights[i]! * (tf * (K1 + 1))) / (tf + norm);
      });
      return { id: d.id, score };
    })
    .sort((a, b) => b.score - a.score || b.id - a.id);
}

/** BM25 inverse document frequency of a term found in `n` of `total` documents. */
export function inverseDocumentFrequency(n: number, total: number): number {
  return Math.log((total - n + 0.5) / (n + 0.5) + 1);
}
