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

const WORD_UNIT = 1;

function classOf(c: number): number {
  const k = WORD_CHAR.test(String.fromCharCode(c)) ? WORD_UNIT : 2;
  charClass[c] = k;
  return k;
}

function isWordChar(c: number): boolean {
  return (charClass[c] || classOf(c)) === WORD_UNIT;
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
 * What foldText makes of one UTF-16 code unit, by code unit: 0 not yet known, 1 nothing (a
 * combining mark), 2 more than one unit (kept in charFold), else the folded unit + 3.
 */
const unitFold = new Uint32Array(65_536);
const FOLDS_TO_NOTHING = 1;
const FOLDS_TO_MANY = 2;

function unitFoldOf(c: number): number {
  const folded = foldChar(c);
  const f =
    folded.length === 0 ? FOLDS_TO_NOTHING : folded.length > 1 ? FOLDS_TO_MANY : folded.charCodeAt(0) + 3;
  unitFold[c] = f;
  return f;
}

/**
 * Token counts and occurrences of one-word terms (`words`, folded; `prefix` per word): the same
 * figures as foldedTokens and termFrequency, without making a string per token. A text is folded
 * unit by unit through a table into a buffer, then its tokens are compared with the words there.
 */
class WordCounter {
  /** Occurrences of word w in text d, at counts[w * texts + d]. */
  readonly counts: Float64Array;
  /** The words' code units one after another; word w takes starts[w] up to starts[w + 1]. */
  private readonly codes: Uint16Array;
  private readonly starts: Int32Array;
  /** The folded text, then a separator. */
  private folded = new Uint16Array(256);

  constructor(
    private readonly words: readonly string[],
    private readonly prefix: readonly boolean[],
    private readonly texts: number,
  ) {
    this.counts = new Float64Array(words.length * texts);
    this.starts = new Int32Array(words.length + 1);
    words.forEach((word, w) => (this.starts[w + 1] = this.starts[w]! + word.length));
    this.codes = Uint16Array.from(words.join(''), (ch) => ch.charCodeAt(0));
  }

  /** Counts the words in text number `d`; returns its token count. */
  count(text: string, d: number): number {
    const { words, prefix, counts, texts, codes, starts } = this;
    if (!foldsCharwise(text)) {
      const tokens = foldText(text).match(WORD) ?? [];
      words.forEach((word, w) => {
        counts[w * texts + d] = tokens.filter((t) => (prefix[w] ? t.startsWith(word) : t === word)).length;
      });
      return tokens.length;
    }
    const end = this.fold(text);
    const folded = this.folded;
    let tokens = 0;
    let start = -1;
    for (let j = 0; j < end; j++) {
      const c = folded[j]!;
      if ((charClass[c] || classOf(c)) === WORD_UNIT) {
        if (start < 0) start = j;
        continue;
      }
      if (start < 0) continue;
      tokens++;
      const length = j - start;
      for (let w = 0; w < words.length; w++) {
        const from = starts[w]!;
        const wordLength = starts[w + 1]! - from;
        if (prefix[w] ? length < wordLength : length !== wordLength) continue;
        let k = 0;
        while (k < wordLength && folded[start + k] === codes[from + k]) k++;
        if (k === wordLength) counts[w * texts + d]!++;
      }
      start = -1;
    }
    return tokens;
  }

  /** Folds `text` into this.folded, followed by a separator; returns the units written. */
  private fold(text: string): number {
    // Room for one unit per unit and the separator; writeUnits makes more for a longer fold.
    if (this.folded.length <= text.length) this.folded = new Uint16Array(2 * text.length + 1);
    let out = this.folded;
    let m = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        const f = unitFold[c] || unitFoldOf(c);
        if (f === FOLDS_TO_NOTHING) continue;
        if (f === FOLDS_TO_MANY) {
          m = this.writeUnits(charFold.get(c)!, m, text.length - i - 1);
          out = this.folded;
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
   * Writes the units of one fold at this.folded[m...], first making room for them and for `rest`
   * more units (at one each, and the final separator); returns the position after them.
   */
  private writeUnits(units: string, m: number, rest: number): number {
    const needed = m + units.length + rest + 1;
    if (needed > this.folded.length) {
      const bigger = new Uint16Array(2 * needed);
      bigger.set(this.folded.subarray(0, m));
      this.folded = bigger;
    }
    for (let k = 0; k < units.length; k++) this.folded[m++] = units.charCodeAt(k);
    return m;
  }
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
  const oneWord = terms.every((t) => t.tokens.length === 1);
  const counter = oneWord
    ? new WordCounter(
        folded.map((f) => f[0]!),
        terms.map((t) => t.prefix),
        n,
      )
    : undefined;
  // frequencies[i * n + d]: occurrences of term i in candidate d.
  const frequencies = counter?.counts ?? new Float64Array(terms.length * n);
  let totalLength = 0;
  for (let d = 0; d < n; d++) {
    const text = candidates[d]!.text ?? '';
    if (counter) lengths[d] = counter.count(text, d);
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
