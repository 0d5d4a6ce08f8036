import { InputError } from '../errors.js';

/**
 * Turns what a person types into a safe FTS5 MATCH expression. Supported: words (all must match),
 * "exact phrases", OR between terms, -exclusion, and prefix*. Every token is re-quoted, so no input
 * can reach FTS5 as syntax: operators, quotes, parentheses, colons and column filters are just text.
 */

export interface Term {
  /** Tokens as FTS5 sees them (lowercase, split like the unicode61 tokenizer). */
  tokens: string[];
  prefix: boolean;
}

export interface ParsedQuery {
  /** AND of groups; each group is an OR of terms. */
  groups: Term[][];
  excluded: Term[];
  /** The FTS5 MATCH expression. */
  match: string;
}

const MAX_QUERY_LENGTH = 1000;
const MAX_TERMS = 32;

/** Splits like FTS5's unicode61 tokenizer: letters and digits form tokens, everything else separates. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
}

interface RawTerm {
  text: string;
  phrase: boolean;
  negated: boolean;
  prefix: boolean;
  or: boolean;
}

function lex(query: string): RawTerm[] {
  const terms: RawTerm[] = [];
  let i = 0;
  let pendingOr = false;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let negated = false;
    if (ch === '-' && i + 1 < query.length && !/\s/.test(query[i + 1]!)) {
      negated = true;
      i++;
    }
    if (query[i] === '"') {
      const end = query.indexOf('"', i + 1);
      const text = end === -1 ? query.slice(i + 1) : query.slice(i + 1, end);
      i = end === -1 ? query.length : end + 1;
      const prefix = query[i] === '*';
      if (prefix) i++;
      terms.push({ text, phrase: true, negated, prefix, or: pendingOr });
      pendingOr = false;
      continue;
    }
    let end = i;
    while (end < query.length && !/\s/.test(query[end]!) && query[end] !== '"') end++;
    const word = query.slice(i, end);
    i = end;
    if (word === 'OR' && terms.length > 0 && !negated) {
      pendingOr = true;
      continue;
    }
    if (word === 'AND' && !negated) continue; // words are ANDed anyway
    terms.push({ text: word, phrase: false, negated, prefix: word.endsWith('*'), or: pendingOr });
    pendingOr = false;
  }
  return terms;
}

function quote(term: Term): string {
  const body = `"${term.tokens.join(' ')}"`;
  return term.prefix ? `${body}*` : body;
}

export function parseSearchQuery(query: string): ParsedQuery {
  if (query.trim() === '') {
    throw new InputError(
      'The search query is empty.',
      'Pass words to look for, e.g. "orçamento" or "OS 30415".',
    );
  }
  if (query.length > MAX_QUERY_LENGTH) {
    throw new InputError(
      `The search query is ${query.length} characters long; at most ${MAX_QUERY_LENGTH} are accepted.`,
      'Search for a few distinctive words or a short "exact phrase" instead of pasting a whole text.',
    );
  }
  const groups: Term[][] = [];
  const excluded: Term[] = [];
  for (const raw of lex(query)) {
    const tokens = tokenize(raw.text);
    if (tokens.length === 0) continue;
    const term: Term = { tokens, prefix: raw.prefix };
    if (raw.negated) excluded.push(term);
    else if (raw.or && groups.length > 0) groups[groups.length - 1]!.push(term);
    else groups.push([term]);
  }
  if (groups.length === 0) {
    throw new InputError(
      excluded.length > 0
        ? 'The query only excludes words; it needs at least one word to look for.'
        : 'The search query has no letters or digits to look for.',
      'Add a word to find, e.g. `boleto -pago`.',
    );
  }
  if (groups.flat().length + excluded.length > MAX_TERMS) {
    throw new InputError(`The query has more than ${MAX_TERMS} terms.`, 'Use fewer, more distinctive words.');
  }
  const positive = groups
    .map((g) => (g.length === 1 ? quote(g[0]!) : `(${g.map(quote).join(' OR ')})`))
    .join(' AND ');
  const match = excluded.length === 0 ? positive : `(${positive}) NOT (${excluded.map(quote).join(' OR ')})`;
  return { groups, excluded, match };
}
