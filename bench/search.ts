/**
 * search_messages latency through the real MCP server, against the baseline other WhatsApp MCP
 * servers use (LOWER(text) LIKE '%q%' ... ORDER BY ts DESC LIMIT 20) on the same database, and the
 * cost of each SQL statement of a search.
 *
 * The baseline is lharries/whatsapp-mcp's list_messages, the query the LIKE approach comes from.
 * Its messages table has no index but its primary key (id, chat_jid), so every query scans all
 * messages, the chat filter too. For reference, the same LIKE is also timed as an archive with
 * indexes would run it: with a chat index (the chat's messages, then a sort), and with a
 * time-ordered index, where it stops at the 20 newest substring matches (no count, no ranking).
 */
import type { Db } from '../src/store/db.js';
import { ID_PER_SECOND } from '../src/store/message-ids.js';
import type { ArchiveMeta } from './generate.js';
import type { McpSession } from './lib/mcp.js';
import { round, summarize, timeRuns, type Summary } from './lib/stats.js';
import { sqlMs, statementCosts, type StatementCost } from './profile.js';

export interface SearchQuery {
  key: string;
  label: string;
  /** search_messages arguments. */
  args: Record<string, unknown>;
  /** The same question for the baseline: all patterns must match, same filters. */
  like: { patterns: string[]; chatId?: number; since?: number; until?: number };
}

/** Local midnight in America/Sao_Paulo (UTC-3) as UTC seconds. */
const saoPaulo = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 3) / 1000;

export function searchQueries(meta: ArchiveMeta): SearchQuery[] {
  const chat = meta.busiestChat;
  return [
    { key: 'rare', label: 'rare word: pregão', args: { query: 'pregão' }, like: { patterns: ['pregão'] } },
    {
      key: 'uncommon',
      label: 'uncommon word: desumidificador',
      args: { query: 'desumidificador' },
      like: { patterns: ['desumidificador'] },
    },
    {
      key: 'common',
      label: 'common word: obrigado',
      args: { query: 'obrigado' },
      like: { patterns: ['obrigado'] },
    },
    {
      key: 'phrase',
      label: 'phrase: "nota fiscal"',
      args: { query: '"nota fiscal"' },
      like: { patterns: ['nota fiscal'] },
    },
    {
      key: 'order',
      label: 'order phrase: "OS 30415"',
      args: { query: '"OS 30415"' },
      like: { patterns: ['os 30415'] },
    },
    {
      key: 'and',
      label: 'two-word AND: boleto vencimento',
      args: { query: 'boleto vencimento' },
      like: { patterns: ['boleto', 'vencimento'] },
    },
    { key: 'prefix', label: 'prefix: orç*', args: { query: 'orç*' }, like: { patterns: ['orç'] } },
    {
      key: 'chat',
      label: `chat filter: orçamento in busiest chat (${chat.messages} msgs)`,
      args: { query: 'orçamento', chat: String(chat.id) },
      like: { patterns: ['orçamento'], chatId: chat.id },
    },
    {
      key: 'date',
      label: 'date filter: entrega, March 2023',
      args: { query: 'entrega', since: '2023-03-01', until: '2023-04-01' },
      like: { patterns: ['entrega'], since: saoPaulo(2023, 3, 1), until: saoPaulo(2023, 4, 1) },
    },
    {
      key: 'newest',
      label: 'newest first: boleto',
      args: { query: 'boleto', sort: 'newest' },
      like: { patterns: ['boleto'] },
    },
  ];
}

export interface SearchFigure {
  key: string;
  label: string;
  args: Record<string, unknown>;
  /** Wall-clock time of the MCP call. */
  ours: Summary;
  /** CPU time of the MCP call (client and server run in this process). */
  oursCpu: Summary;
  /** Matches reported by the tool (a lower bound when not exact). */
  total: number;
  totalExact: boolean;
  hits: number;
  /** The same call without MCP (tools' callTool in-process): input validation and the tool's work. */
  direct: Summary;
  /** Sum of the statements' median costs in one call. */
  sqlMs: number;
  /** The SQL statements of one call, costliest first (median per call). */
  statements: StatementCost[];
  baseline: Summary;
  baselineRows: number;
  /** Baseline median / our median (wall clock, both measured back to back). */
  ratio: number;
  /** The same LIKE helped by indexes (reference figures, not the target's baseline). */
  indexed: IndexedBaseline[];
}

export interface IndexedBaseline {
  index: Exclude<BaselineIndex, 'none'>;
  summary: Summary;
  /** Its median / our median. */
  ratio: number;
}

/**
 * How the LIKE may use indexes: 'none' as lharries/whatsapp-mcp's schema (the target's baseline);
 * 'chat' reads the chat's messages through an index on the chat, then sorts them; 'time' walks an
 * index in time order (on the chat when filtered) and stops at the 20th match.
 */
export type BaselineIndex = 'none' | 'chat' | 'time';

interface SearchOutput {
  hits: unknown[];
  total: number;
  total_exact: boolean;
}

export interface SearchSettings {
  runs: number;
  warmup: number;
  baselineRuns: number;
}

/**
 * One query, measured back to back so that all its figures share the machine's conditions: MCP
 * calls, the same call without MCP, its SQL statements, then the baseline.
 */
export async function measureQuery(
  db: Db,
  session: McpSession,
  direct: (name: string, args: Record<string, unknown>) => Promise<unknown>,
  q: SearchQuery,
  settings: SearchSettings,
): Promise<SearchFigure> {
  const mcp = await timeRuns(
    () => session.call<SearchOutput>('search_messages', q.args),
    settings.runs,
    settings.warmup,
  );
  const own = await timeRuns(() => direct('search_messages', q.args), Math.min(10, settings.runs), 2);
  const statements = await statementCosts(db, () => session.call('search_messages', q.args), 10);
  const ours = summarize(mcp.samples);
  const timeBaseline = (index: BaselineIndex) => {
    const like = baselineStatement(db, q, index);
    return timeRuns(() => like.run(), settings.baselineRuns, 1);
  };
  const base = await timeBaseline('none');
  const baseline = summarize(base.samples);
  // Without a chat filter, an index on the chat changes nothing.
  const references: Exclude<BaselineIndex, 'none'>[] =
    q.like.chatId === undefined ? ['time'] : ['chat', 'time'];
  const indexed: IndexedBaseline[] = [];
  for (const index of references) {
    const summary = summarize((await timeBaseline(index)).samples);
    indexed.push({ index, summary, ratio: round(summary.median / ours.median, 2) });
  }
  return {
    key: q.key,
    label: q.label,
    args: q.args,
    ours,
    oursCpu: summarize(mcp.cpu),
    total: mcp.last.total,
    totalExact: mcp.last.total_exact,
    hits: mcp.last.hits.length,
    direct: summarize(own.samples),
    sqlMs: sqlMs(statements),
    statements,
    baseline,
    baselineRows: base.last.length,
    ratio: round(baseline.median / ours.median, 1),
    indexed,
  };
}

/** The LIKE other WhatsApp MCP servers run, with the same filters and page size (see BaselineIndex). */
export function baselineStatement(
  db: Db,
  q: SearchQuery,
  index: BaselineIndex = 'none',
): { run: () => unknown[] } {
  const where = q.like.patterns.map(() => 'LOWER(m.text) LIKE ?');
  const params: (string | number)[] = q.like.patterns.map((p) => `%${p.toLowerCase()}%`);
  if (q.like.chatId !== undefined) {
    where.push('m.chat_id = ?');
    params.push(q.like.chatId);
  }
  // ts (id >> 10) has no index, but ids grow with time: ordering and bounding by id walks the rowid
  // or, for one chat, messages_chat (chat_id, id) in time order, as an index on (chat, time) would.
  const timeOrdered = index === 'time';
  const time = timeOrdered ? 'm.id' : 'm.ts';
  const scale = timeOrdered ? ID_PER_SECOND : 1;
  if (q.like.since !== undefined) {
    where.push(`${time} >= ?`);
    params.push(q.like.since * scale);
  }
  if (q.like.until !== undefined) {
    where.push(`${time} < ?`);
    params.push(q.like.until * scale);
  }
  const stmt = db.prepare(
    `SELECT m.id, m.chat_id, m.ts, m.direction, m.type, m.text, m.sender_name, c.name AS chat_name, c.wa_id AS chat_wa_id
     FROM messages m${index === 'none' ? ' NOT INDEXED' : ''} JOIN chats c ON c.id = m.chat_id
     WHERE ${where.join(' AND ')} ORDER BY ${time} DESC LIMIT 20`,
  );
  return { run: () => stmt.all(...params) };
}
