import { decodeCursor, encodeCursor, scopeOf } from './cursor.js';
import type { Db } from './db.js';
import type { HistoryRepo, MessageRow } from './history.js';
import { idRangeOf } from './messages.js';
import { inverseDocumentFrequency, rankCandidates } from './rank.js';
import type { ParsedQuery, Term } from './search-query.js';

/**
 * Full-text search planned inside FTS5. Message ids are time-ordered and the selective filters
 * (chat, sender, non-text type) are indexed as tokens of the `tags` column, so a query is a doclist
 * walk: newest/oldest first is rowid order, a date range is a rowid range, and a filter is an AND
 * with a short doclist. Direction (about half of all messages either way) would make that AND walk
 * a huge doclist, so it is checked on the message row instead. Relevance ranks the newest
 * RELEVANCE_POOL matches with BM25 (see rank.ts), and counting stops at COUNT_CAP.
 */

export type SearchSort = 'relevance' | 'newest' | 'oldest';

export interface SearchInput {
  query: ParsedQuery;
  chatIds?: number[] | undefined;
  senderIds?: number[] | undefined;
  direction?: 'in' | 'out' | 'system' | undefined;
  types?: string[] | undefined;
  since?: number | undefined;
  until?: number | undefined;
  sort: SearchSort;
  limit: number;
  cursor?: string | undefined;
  /** Identifies the time range as the caller wrote it ("7d" stays "7d" while now moves on), for cursors. */
  rangeKey?: string | undefined;
}

export interface SearchResult {
  hits: MessageRow[];
  total: number;
  /** False when there are more matches than COUNT_CAP: `total` is then a lower bound. */
  totalExact: boolean;
  /** Set when relevance ranked only the newest matches. */
  rankedAmong: number | null;
  nextCursor: string | null;
}

export const RELEVANCE_POOL = 500;
export const COUNT_CAP = 1_000;
/** Counting matches that need a row check costs more per match, so it stops earlier. */
export const CHECKED_COUNT_CAP = 500;

function anyOf(prefix: string, values: readonly (string | number)[]): string {
  return `{tags} : (${values.map((v) => `"${prefix}${v}"`).join(' OR ')})`;
}

/** The MATCH expression: the user's terms on the text column, the filters on the tags column. */
export function matchExpression(
  input: Pick<SearchInput, 'query' | 'chatIds' | 'senderIds' | 'types'>,
): string {
  const parts = [`{text} : (${input.query.match})`];
  if (input.chatIds?.length) parts.push(anyOf('c', input.chatIds));
  if (input.senderIds?.length) parts.push(anyOf('s', input.senderIds));
  // 'text' has no tag (it is most messages); it is checked on the row, see rowCheck.
  if (input.types?.length && !input.types.includes('text')) parts.push(anyOf('t', input.types));
  return parts.join(' AND ');
}

/** Conditions checked on the message row: direction, and a type list that includes 'text'. */
interface RowCheck {
  sql: string;
  params: string[];
}

function rowCheck(input: Pick<SearchInput, 'direction' | 'types'>): RowCheck {
  const sql: string[] = [];
  const params: string[] = [];
  if (input.direction) {
    sql.push('m.direction = ?');
    params.push(input.direction);
  }
  if (input.types?.includes('text')) {
    sql.push(`m.type IN (${input.types.map(() => '?').join(',')})`);
    params.push(...input.types);
  }
  return { sql: sql.join(' AND '), params };
}

/** The matching rows of one query, as a FROM/WHERE clause and its parameters. */
interface Matches {
  from: string;
  params: (string | number)[];
}

/** Joins the message rows only when they are needed (a row check, or their text). */
function matches(
  match: string,
  lo: number,
  hi: number,
  check: RowCheck,
  withRows = check.sql !== '',
): Matches {
  if (!withRows)
    return {
      from: 'messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ?',
      params: [match, lo, hi],
    };
  return {
    from: `messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ? AND messages_fts.rowid BETWEEN ? AND ?${check.sql ? ` AND ${check.sql}` : ''}`,
    params: [match, lo, hi, ...check.params],
  };
}

export class SearchRepo {
  constructor(
    private readonly db: Db,
    private readonly history: HistoryRepo,
  ) {}

  search(input: SearchInput): SearchResult {
    const match = matchExpression(input);
    const check = rowCheck(input);
    const [from, to] = idRangeOf(input.since, input.until);
    const scope = scopeOf('search', { match, check, range: input.rangeKey ?? [from, to], sort: input.sort });
    const cursor = decodeCursor(input.cursor, scope);
    const cap = check.sql ? CHECKED_COUNT_CAP : COUNT_CAP;
    const all = matches(match, from, to, check);
    const counted = this.db
      .prepare<(string | number)[], { n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${all.from} LIMIT ?)`,
      )
      .get(...all.params, cap + 1)!.n;
    const page =
      input.sort === 'relevance'
        ? this.byRelevance(input, match, check, from, to, counted, cursor)
        : this.byTime(match, check, from, to, input.sort, input.limit, cursor);
    return {
      hits: this.history.byIds(page.ids),
      total: Math.min(counted, cap),
      totalExact: counted <= cap,
      rankedAmong: page.rankedAmong,
      nextCursor: page.next ? encodeCursor(scope, page.next) : null,
    };
  }

  private byTime(
    match: string,
    check: RowCheck,
    from: number,
    to: number,
    sort: 'newest' | 'oldest',
    limit: number,
    cursor: Key | undefined,
  ): Page {
    const after = typeof cursor?.[0] === 'number' ? cursor[0] : undefined;
    const lo = sort === 'oldest' && after !== undefined ? Math.max(from, after + 1) : from;
    const hi = sort === 'newest' && after !== undefined ? Math.min(to, after - 1) : to;
    const q = matches(match, lo, hi, check);
    const rows = this.db
      .prepare<(string | number)[], { id: number }>(
        `SELECT messages_fts.rowid AS id FROM ${q.from} ORDER BY messages_fts.rowid ${sort === 'newest' ? 'DESC' : 'ASC'} LIMIT ?`,
      )
      .all(...q.params, limit + 1);
    const ids = rows.slice(0, limit).map((r) => r.id);
    const last = ids[ids.length - 1];
    return { ids, next: rows.length > limit && last !== undefined ? [last] : null, rankedAmong: null };
  }

  private byRelevance(
    input: SearchInput,
    match: string,
    check: RowCheck,
    from: number,
    to: number,
    counted: number,
    cursor: Key | undefined,
  ): Page {
    // Walking down from the newest match is cheap; the pool floor is kept in the cursor so that later
    // pages rank the same set.
    const floor = cursor !== undefined && typeof cursor[2] === 'number' ? cursor[2] : from;
    const q = matches(match, floor, to, check, true);
    const candidates = this.db
      .prepare<(string | number)[], { id: number; text: string | null }>(
        `SELECT m.id, m.text FROM ${q.from} ORDER BY messages_fts.rowid DESC LIMIT ?`,
      )
      .all(...q.params, RELEVANCE_POOL);
    const oldest = candidates[candidates.length - 1]?.id ?? from;
    const ranked = rankCandidates(candidates, input.query, this.idf(input.query, from, to));
    const start =
      cursor === undefined
        ? 0
        : ranked.findIndex(
            (r) => r.score < (cursor[0] as number) || (r.score === cursor[0] && r.id < (cursor[1] as number)),
          );
    const page = start < 0 ? [] : ranked.slice(start, start + input.limit);
    const last = page[page.length - 1];
    const more = start >= 0 && start + input.limit < ranked.length;
    return {
      ids: page.map((r) => r.id),
      next: more && last ? [last.score, last.id, oldest] : null,
      rankedAmong: counted > RELEVANCE_POOL ? RELEVANCE_POOL : null,
    };
  }

  /** Term weights matter only when some matches lack a term (OR); then rarer terms weigh more. */
  private idf(query: ParsedQuery, from: number, to: number): ((term: Term) => number) | undefined {
    if (query.groups.every((g) => g.length === 1)) return undefined;
    const total = this.db
      .prepare<[], { n: number }>('SELECT coalesce(sum(message_count), 0) AS n FROM chats')
      .get()!.n;
    const count = this.db.prepare<[string, number, number, number], { n: number }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)',
    );
    const weights = new Map<Term, number>();
    for (const term of query.groups.flat()) {
      const phrase = `{text} : ("${term.tokens.join(' ')}"${term.prefix ? '*' : ''})`;
      weights.set(term, inverseDocumentFrequency(count.get(phrase, from, to, COUNT_CAP)!.n, total));
    }
    return (term) => weights.get(term) ?? 1;
  }
}

type Key = (string | number | null)[];

interface Page {
  ids: number[];
  next: Key | null;
  rankedAmong: number | null;
}
