import { decodeCursor, encodeCursor, scopeOf } from './cursor.js';
import type { Db } from './db.js';
import type { HistoryRepo, MessageRow } from './history.js';
import { idRangeOf } from './message-ids.js';
import { inverseDocumentFrequency, rankCandidates } from './rank.js';
import { matchExpression, rowCheck, type RowCheck } from './search-plan.js';
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

/**
 * Walks the matches of `match` from `hi` downwards (newest first) or from `lo` upwards, at most
 * `limit` of them, and returns their ids (with the text when asked) in walk order, dropping those past
 * the other end of the range. FTS5 does not skip to a rowid bound: a bound is found by stepping
 * through the doclist, and the far bound does not even stop the walk. So the statement carries
 * only the bound where the walk starts and the LIMIT stops it; matches past the far bound are
 * filtered here, which costs at most `limit` steps. Results come back as one aggregated value (a
 * row per match costs more than the walk itself).
 */
interface Walk {
  match: string;
  check: RowCheck;
  lo: number;
  hi: number;
  order: 'desc' | 'asc';
  limit: number;
  withText?: boolean;
}

interface Walked {
  id: number;
  text: string | null;
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
    let counted: number;
    let page: Page;
    const fromBelow = this.cheaperFromBelow(from, to);
    if (input.sort === 'relevance') {
      // One walk counts the matches (up to cap + 1) and yields the pool: down from the newest match,
      // or, for a range in the older part of the archive, up from its start when that walk sees
      // every match of the range (at most cap of them).
      const withText = check.sql !== '';
      const limit = Math.max(cap, RELEVANCE_POOL) + 1;
      let newest: Walked[] | undefined;
      if (fromBelow) {
        const up = this.walk({ match, check, lo: from, hi: to, order: 'asc', limit, withText });
        if (up.length <= cap) newest = up.reverse();
      }
      newest ??= this.walk({ match, check, lo: from, hi: to, order: 'desc', limit, withText });
      counted = Math.min(newest.length, cap + 1);
      page = this.byRelevance(input, newest, withText, from, to, counted, cursor);
    } else {
      counted = this.count(match, check, from, to, cap + 1, fromBelow);
      page = this.byTime(match, check, from, to, input.sort, input.limit, cursor);
    }
    return {
      hits: this.history.byIds(page.ids),
      total: Math.min(counted, cap),
      totalExact: counted <= cap,
      rankedAmong: page.rankedAmong,
      nextCursor: page.next ? encodeCursor(scope, page.next) : null,
    };
  }

  /** See Walk. */
  private walk(w: Walk): Walked[] {
    const desc = w.order === 'desc';
    const start = desc ? w.hi : w.lo;
    if (desc ? start < w.lo : start > w.hi) return [];
    const bound = `messages_fts.rowid ${desc ? '<=' : '>='} ?`;
    const order = `ORDER BY messages_fts.rowid ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
    let walked: Walked[];
    if (w.check.sql === '' && !w.withText) {
      const { json } = this.db
        .prepare<(string | number)[], { json: string }>(
          `SELECT json_group_array(id) AS json FROM (SELECT messages_fts.rowid AS id FROM messages_fts WHERE messages_fts MATCH ? AND ${bound} ${order})`,
        )
        .get(w.match, start, w.limit)!;
      walked = (JSON.parse(json) as number[]).map((id) => ({ id, text: null }));
    } else {
      const { json } = this.db
        .prepare<(string | number)[], { json: string }>(
          `SELECT json_group_array(json_array(id, text)) AS json FROM (SELECT m.id, ${w.withText ? 'm.text' : 'NULL AS text'} FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
           WHERE messages_fts MATCH ? AND ${bound}${w.check.sql ? ` AND ${w.check.sql}` : ''} ${order})`,
        )
        .get(w.match, start, ...w.check.params, w.limit)!;
      walked = (JSON.parse(json) as [number, string | null][]).map(([id, text]) => ({ id, text }));
    }
    const end = walked.findIndex((r) => (desc ? r.id < w.lo : r.id > w.hi));
    return end < 0 ? walked : walked.slice(0, end);
  }

  /**
   * Whether walking up from `from` to `to` costs less than walking down to `to` from the newest
   * match (a walk steps through every match it passes, see Walk; backwards steps cost about 1.3
   * forward ones). Positions are estimated from the archive's first and last message ids.
   */
  private cheaperFromBelow(from: number, to: number): boolean {
    if (from <= 0 || to >= Number.MAX_SAFE_INTEGER) return false;
    const span = this.db
      .prepare<[], { first: number | null; last: number | null }>(
        // One aggregate per query: SQLite reads min() or max() of the rowid from the b-tree's edge.
        'SELECT (SELECT min(id) FROM messages) AS first, (SELECT max(id) FROM messages) AS last',
      )
      .get()!;
    if (span.first === null || span.last === null) return false;
    return from - span.first < 1.3 * (span.last - to);
  }

  /**
   * Matches in [lo, hi], counted up to `limit` inside SQLite: from the oldest match when the range
   * is open below (cheapest: FTS5 walks forwards faster), else from the end of the range that is
   * cheaper to reach, where the LIMIT bounds the walk past the other end (see Walk).
   */
  private count(
    match: string,
    check: RowCheck,
    lo: number,
    hi: number,
    limit: number,
    fromBelow: boolean,
  ): number {
    const from = `messages_fts${check.sql ? ' JOIN messages m ON m.id = messages_fts.rowid' : ''}`;
    const matches = (bound: string) =>
      `messages_fts MATCH ? AND messages_fts.rowid ${bound} ?${check.sql ? ` AND ${check.sql}` : ''}`;
    const count = (sql: string, ...params: (string | number)[]) =>
      this.db.prepare<(string | number)[], { n: number }>(sql).get(...params)!.n;
    if (lo <= 0)
      return count(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${matches('<=')} LIMIT ?)`,
        match,
        hi,
        ...check.params,
        limit,
      );
    return fromBelow
      ? count(
          `SELECT count(*) AS n FROM (SELECT messages_fts.rowid AS id FROM ${from} WHERE ${matches('>=')} ORDER BY messages_fts.rowid ASC LIMIT ?) WHERE id <= ?`,
          match,
          lo,
          ...check.params,
          limit,
          hi,
        )
      : count(
          `SELECT count(*) AS n FROM (SELECT messages_fts.rowid AS id FROM ${from} WHERE ${matches('<=')} ORDER BY messages_fts.rowid DESC LIMIT ?) WHERE id >= ?`,
          match,
          hi,
          ...check.params,
          limit,
          lo,
        );
  }

  /** Texts of the given messages. */
  private texts(ids: readonly number[]): Walked[] {
    if (ids.length === 0) return [];
    // One text per id, in the order of `ids`; null for a message deleted meanwhile (matches have text).
    const { json } = this.db
      .prepare<[string], { json: string }>(
        'SELECT json_group_array(m.text ORDER BY j.key) AS json FROM json_each(?) j LEFT JOIN messages m ON m.id = j.value',
      )
      .get(JSON.stringify(ids))!;
    const texts = JSON.parse(json) as (string | null)[];
    return ids.map((id, i) => ({ id, text: texts[i] ?? null })).filter((c) => c.text !== null);
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
    const rows =
      sort === 'newest'
        ? this.walk({
            match,
            check,
            lo: from,
            hi: after !== undefined ? Math.min(to, after - 1) : to,
            order: 'desc',
            limit: limit + 1,
          })
        : this.walk({
            match,
            check,
            lo: after !== undefined ? Math.max(from, after + 1) : from,
            hi: to,
            order: 'asc',
            limit: limit + 1,
          });
    const ids = rows.slice(0, limit).map((r) => r.id);
    const last = ids[ids.length - 1];
    return { ids, next: rows.length > limit && last !== undefined ? [last] : null, rankedAmong: null };
  }

  private byRelevance(
    input: SearchInput,
    newest: Walked[],
    withText: boolean,
    from: number,
    to: number,
    counted: number,
    cursor: Key | undefined,
  ): Page {
    // The pool is the newest RELEVANCE_POOL matches; its floor is kept in the cursor so that later
    // pages rank the same set.
    const floor = cursor !== undefined && typeof cursor[2] === 'number' ? cursor[2] : from;
    const pool = newest.filter((r) => r.id >= floor).slice(0, RELEVANCE_POOL);
    // A walk with a row check read the texts already; one without reads them now, for the pool only.
    const candidates = withText ? pool : this.texts(pool.map((r) => r.id));
    const oldest = pool[pool.length - 1]?.id ?? from;
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
      // Newest first from the end of the range, as in walk(): the LIMIT bounds the steps.
      'SELECT count(*) AS n FROM (SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? AND rowid <= ? ORDER BY rowid DESC LIMIT ?) WHERE id >= ?',
    );
    const weights = new Map<Term, number>();
    for (const term of query.groups.flat()) {
      const phrase = `{text} : ("${term.tokens.join(' ')}"${term.prefix ? '*' : ''})`;
      weights.set(term, inverseDocumentFrequency(count.get(phrase, to, COUNT_CAP, from)!.n, total));
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
