import { foldText as fold } from '../text.js';
import type { ParsedQuery, Term } from './search-query.js';

/**
 * A short excerpt of `text` around the first match, with matched words marked **like this**.
 * Matching folds case and accents the way the full-text index does.
 */
export function makeSnippet(text: string, query: ParsedQuery, maxLength = 160): string {
  const words = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  const folded = words.map((w) => fold(w[0]));
  const marked = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    for (const term of query.groups.flat()) {
      if (matchesAt(term, folded, i)) for (let k = 0; k < term.tokens.length; k++) marked.add(i + k);
    }
  }
  const first = words.findIndex((_, i) => marked.has(i));
  const center = first >= 0 ? words[first]!.index : 0;
  let start = Math.max(0, center - Math.floor(maxLength / 3));
  const space = text.lastIndexOf(' ', start);
  if (start > 0 && space >= 0 && center - space < maxLength / 2) start = space + 1;
  const end = Math.min(text.length, start + maxLength);
  let out = '';
  let pos = start;
  words.forEach((w, i) => {
    if (!marked.has(i) || w.index < start || w.index + w[0].length > end) return;
    out += `${text.slice(pos, w.index)}**${w[0]}**`;
    pos = w.index + w[0].length;
  });
  out += text.slice(pos, end);
  return `${start > 0 ? '…' : ''}${out.replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

function matchesAt(term: Term, folded: string[], i: number): boolean {
  return term.tokens.every((token, k) => {
    const word = folded[i + k];
    if (word === undefined) return false;
    const t = fold(token);
    return term.prefix && k === term.tokens.length - 1 ? word.startsWith(t) : word === t;
  });
}
