import { decodeCursor, encodeCursor, scopeOf } from './cursor.js';
import type { Db } from './db.js';
import { idRangeOf, type MessageRow, type MessagesRepo } from './messages.js';
import type { ParsedQuery } from './search-query.js';

/**
 * Full-text search planned inside FTS5. Message ids are time-ordered and the selective filters
 * (chat, sender, non-text type) are indexed as tokens of the `tags` column, so a query is a doclist
 * walk: newest/oldest first is rowid order, a date range is a rowid range, and a filter is an AND
 * with a short doclist. Direction (about half of all messages either way) would make that AND walk
 * a huge doclist, so it is checked on the message row instead. Relevance (bm25 costs a lookup per
 * match) ranks the newest RELEVANCE_POOL matches, and counting stops at COUNT_CAP.
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

export const RELEVANCE_POOL = 2000;
export const COUNT_CAP = 10_000;
/** Counting matches that need a row check costs more per match, so it stops earlier. */
export const CHECKED_COUNT_CAP = 2_000;

function anyOf(prefix: string, values: readonly (string | number)[]): string {
  return `{tags} : (${values.map((v) => `"${prefix}${v}"`).join(' OR ')})`;
}

/** The MATCH expression: the user's terms on the text column, the filters on the tags column. */
export function matchExpression(input: Pick<SearchInput, 'query' | 'chatIds' | 'senderIds' | 'types'>): string {
  const parts = [`{text} : (${input.query.match})`];
  if (input.chatIds?.length) parts.push(anyOf('c', input.chatIds));
  if (input.senderIds?.length) parts.push(anyOf('s', input.senderIds));
  // 'text' has no tag (it is most messages); it is checked on the row, see rowCheck.
  if (input.types?.length && !input.types.includes('text')) parts.push(anyOf('t', input.types));
  return parts.join(' AND ');
}

/** Conditions checked on the message row: direction, and a type list that includes 'text'. */
function rowCheck(input: Pick<SearchInput, 'direction' | 'types'>): { sql: string; params: string[] } {
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

function matches(match: string, lo: number, hi: number, check: { sql: string; params: string[] }): Matches {
  return check.sql
    ? {
        from: `messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ? AND messages_fts.rowid BETWEEN ? AND ? AND ${check.sql}`,
        params: [match, lo, hi, ...check.params],
      }
    : { from: 'messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ?', params: [match, lo, hi] };
}

export class SearchRepo {
  constructor(
    private readonly db: Db,
    private readonly messages: MessagesRepo,
  ) {}

  search(input: SearchInput): SearchResult {
    const match = matchExpression(input);
    const check = rowCheck(input);
    const [from, to] = idRangeOf(input.since, input.until);
    const scope = scopeOf('search', { match, check, from, to, sort: input.sort });
    const cursor = decodeCursor(input.cursor, scope);
    const cap = check.sql ? CHECKED_COUNT_CAP : COUNT_CAP;
    const all = matches(match, from, to, check);
    const counted = this.db
      .prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${all.from} LIMIT ?)`)
      .get(...all.params, cap + 1)!.n;
    const page =
      input.sort === 'relevance'
        ? this.byRelevance(match, check, from, to, counted, input.limit, cursor)
        : this.byTime(match, check, from, to, input.sort, input.limit, cursor);
    return {
      hits: this.messages.byIds(page.ids),
      total: Math.min(counted, cap),
      totalExact: counted <= cap,
      rankedAmong: page.rankedAmong,
      nextCursor: page.next ? encodeCursor(scope, page.next) : null,
    };
  }

  private byTime(
    match: string,
    check: { sql: string; params: string[] },
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
    match: string,
    check: { sql: string; params: string[] },
    from: number,
    to: number,
    counted: number,
    limit: number,
    cursor: Key | undefined,
  ): Page {
    // The pool floor is fixed by the first page so that later pages rank the same set.
    let floor: number | null = null;
    if (cursor !== undefined) floor = typeof cursor[2] === 'number' ? cursor[2] : null;
    else if (counted > RELEVANCE_POOL) {
      const q = matches(match, from, to, check);
      floor =
        this.db
          .prepare<(string | number)[], { id: number }>(`SELECT messages_fts.rowid AS id FROM ${q.from} ORDER BY messages_fts.rowid DESC LIMIT 1 OFFSET ?`)
          .get(...q.params, RELEVANCE_POOL - 1)?.id ?? null;
    }
    const q = matches(match, floor === null ? from : Math.max(from, floor), to, check);
    const keyset = cursor ? 'WHERE score > ? OR (score = ? AND id < ?)' : '';
    const keyParams = cursor ? [cursor[0] as number, cursor[0] as number, cursor[1] as number] : [];
    const rows = this.db
      .prepare<(string | number)[], { id: number; score: number }>(
        `SELECT id, score FROM (SELECT messages_fts.rowid AS id, bm25(messages_fts, 1.0, 0.0) AS score FROM ${q.from})
         ${keyset} ORDER BY score, id DESC LIMIT ?`,
      )
      .all(...q.params, ...keyParams, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      ids: page.map((r) => r.id),
      next: rows.length > limit && last ? [last.score, last.id, floor] : null,
      rankedAmong: floor === null ? null : RELEVANCE_POOL,
    };
  }
}

type Key = (string | number | null)[];

interface Page {
  ids: number[];
  next: Key | null;
  rankedAmong: number | null;
}
