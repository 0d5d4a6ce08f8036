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
const WORD_UNIT = 1;

function classOf(c: number): number {
  const k = WORD_CHAR.test(String.fromCharCode(c)) ? WORD_UNIT : 2;
  charClass[c] = k;
  return k;
}

/**
 * What foldText makes of one non-ASCII UTF-16 code unit alone, by code unit: 0 not yet known,
 * 1 nothing (a combining mark), 2 more than one unit (kept in manyFold), else the folded unit + 3.
 */
const unitFold = new Uint32Array(65_536);
const FOLDS_TO_NOTHING = 1;
const FOLDS_TO_MANY = 2;
const manyFold = new Map<number, string>();

function unitFoldOf(c: number): number {
  const folded = foldText(String.fromCharCode(c));
  let f = folded.charCodeAt(0) + 3;
  if (folded.length === 0) f = FOLDS_TO_NOTHING;
  else if (folded.length > 1) {
    f = FOLDS_TO_MANY;
    manyFold.set(c, folded);
  }
  unitFold[c] = f;
  return f;
}

/**
 * Folding a whole text equals folding it unit by unit (marks are removed, so their canonical order
 * does not matter), except for the context-dependent lower case of capital sigma and for letters,
 * digits and marks outside the BMP (emoji, the usual astral characters, separate words either way):
 * texts with those take the general path.
 */
const SIGMA = '\u03a3';
const SURROGATE = /[\ud800-\udfff]/;
const ASTRAL = /[\ud800-\udbff][\udc00-\udfff]/g;
const WORD_OR_MARK = /^[\p{L}\p{N}\p{M}]$/u;

function foldsUnitwise(text: string): boolean {
  if (text.includes(SIGMA)) return false;
  if (!SURROGATE.test(text)) return true;
  for (const [c] of text.matchAll(ASTRAL)) if (WORD_OR_MARK.test(c)) return false;
  return true;
}

/**
 * A text folded unit by unit through the tables above and split into tokens, in buffers reused from
 * text to text.
 */
class FoldedText {
  /** The folded text, then a separator. */
  units = new Uint16Array(256);
  /** Token i takes units tokenAt[2i] up to tokenAt[2i + 1]. */
  tokenAt = new Int32Array(128);

  /** Folds `text` (see foldsUnitwise) and finds its tokens; returns how many there are. */
  tokenize(text: string): number {
    const end = this.fold(text);
    const units = this.units;
    let tokens = 0;
    let start = -1;
    for (let j = 0; j < end; j++) {
      const c = units[j]!;
      if ((charClass[c] || classOf(c)) === WORD_UNIT) {
        if (start < 0) start = j;
        continue;
      }
      if (start < 0) continue;
      if (2 * tokens + 2 > this.tokenAt.length) {
        const bigger = new Int32Array(2 * this.tokenAt.length);
        bigger.set(this.tokenAt);
        this.tokenAt = bigger;
      }
      this.tokenAt[2 * tokens] = start;
      this.tokenAt[2 * tokens + 1] = j;
      tokens++;
      start = -1;
    }
    return tokens;
  }

  /** Folds `text` into this.units, followed by a separator; returns the units written. */
  private fold(text: string): number {
    // Room for one unit per unit and the separator; writeMany makes more for a longer fold.
    if (this.units.length <= text.length) this.units = new Uint16Array(2 * text.length + 1);
    let out = this.units;
    let m = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        const f = unitFold[c] || unitFoldOf(c);
        if (f === FOLDS_TO_NOTHING) continue;
        if (f === FOLDS_TO_MANY) {
          m = this.writeMany(manyFold.get(c)!, m, text.length - i - 1);
          out = this.units;
          continue;
        }
        c = f - 3;
      } else if (c >= 65 && c <= 90) c += 32;
      out[m++] = c;
    }
    out[m++] = 32;
    return m;
  }

  /**
   * Writes the units of one fold at this.units[m...], first making room for them and for `rest`
   * more units (at one each, and the final separator); returns the position after them.
   */
  private writeMany(folded: string, m: number, rest: number): number {
    const needed = m + folded.length + rest + 1;
    if (needed > this.units.length) {
      const bigger = new Uint16Array(2 * needed);
      bigger.set(this.units.subarray(0, m));
      this.units = bigger;
    }
    for (let k = 0; k < folded.length; k++) this.units[m++] = folded.charCodeAt(k);
    return m;
  }
}

const UTF16 = new TextDecoder('utf-16le');

/** Tokens as the index sees them: accents removed, lower case. */
export function foldedTokens(text: string): string[] {
  if (!foldsUnitwise(text)) return foldText(text).match(WORD) ?? [];
  const folded = new FoldedText();
  const count = folded.tokenize(text);
  const at = folded.tokenAt;
  return Array.from({ length: count }, (_, i) =>
    UTF16.decode(folded.units.subarray(at[2 * i]!, at[2 * i + 1]!)),
  );
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
 * Token counts of texts and occurrences of the query's terms (words, prefixes, phrases) in them: the
 * same figures as foldedTokens and termFrequency, without making a string per token: a text's
 * tokens are compared with the terms' words where it was folded.
 */
class TermCounter {
  /** Occurrences of term t in text d, at counts[t * texts + d]. */
  readonly counts: Float64Array;
  /** The terms' words' code units one after another; word w takes wordAt[w] up to wordAt[w + 1]. */
  private readonly codes: Uint16Array;
  private readonly wordAt: Int32Array;
  /** Term t's words are words firstWord[t] up to firstWord[t + 1]. */
  private readonly firstWord: Int32Array;
  private readonly text = new FoldedText();

  constructor(
    private readonly terms: readonly Term[],
    /** Per term, its words folded as the index folds them. */
    private readonly folded: readonly (readonly string[])[],
    private readonly texts: number,
  ) {
    this.counts = new Float64Array(terms.length * texts);
    const words = folded.flat();
    this.wordAt = new Int32Array(words.length + 1);
    words.forEach((word, w) => (this.wordAt[w + 1] = this.wordAt[w]! + word.length));
    this.codes = Uint16Array.from(words.join(''), (ch) => ch.charCodeAt(0));
    this.firstWord = new Int32Array(terms.length + 1);
    folded.forEach((f, t) => (this.firstWord[t + 1] = this.firstWord[t]! + f.length));
  }

  /** Counts the terms in text number `d`; returns its token count. */
  count(text: string, d: number): number {
    const { terms, counts, texts, firstWord } = this;
    if (!foldsUnitwise(text)) {
      const tokens = foldText(text).match(WORD) ?? [];
      terms.forEach((term, t) => (counts[t * texts + d] = termFrequency(term, tokens, this.folded[t])));
      return tokens.length;
    }
    const tokens = this.text.tokenize(text);
    for (let t = 0; t < terms.length; t++) {
      const first = firstWord[t]!;
      const length = firstWord[t + 1]! - first;
      const prefix = terms[t]!.prefix;
      for (let i = 0; i + length <= tokens; i++) {
        let k = 0;
        while (k < length && this.tokenIs(i + k, first + k, prefix && k === length - 1)) k++;
        if (k === length) counts[t * texts + d]!++;
      }
    }
    return tokens;
  }

  /** Whether token i of the current text is word w (or, as a prefix, starts with it). */
  private tokenIs(i: number, w: number, prefix: boolean): boolean {
    const { codes, wordAt } = this;
    const { units, tokenAt } = this.text;
    const start = tokenAt[2 * i]!;
    const length = tokenAt[2 * i + 1]! - start;
    const from = wordAt[w]!;
    const wordLength = wordAt[w + 1]! - from;
    if (prefix ? length < wordLength : length !== wordLength) return false;
    for (let k = 0; k < wordLength; k++) if (units[start + k] !== codes[from + k]) return false;
    return true;
  }
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
  const counter = new TermCounter(terms, folded, n);
  // frequencies[i * n + d]: occurrences of term i in candidate d.
  const frequencies = counter.counts;
  let totalLength = 0;
  for (let d = 0; d < n; d++) {
    lengths[d] = counter.count(candidates[d]!.text ?? '', d);
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
