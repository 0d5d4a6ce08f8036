/**
 * Page latency of list_chats and get_contact_history at several depths: the first page, and the
 * page reached after following next_cursor 10, 100 and 1000 times (as far as the data reaches).
 * Each measured page is fetched repeatedly with the same cursor.
 */
import type { Db } from '../src/store/db.js';
import type { McpSession } from './lib/mcp.js';
import { summarize, timeRuns, type Summary } from './lib/stats.js';
import { sqlMs, statementCosts, type StatementCost } from './profile.js';

export const DEPTHS = [0, 10, 100, 1000] as const;

export interface PageFigure {
  depth: number;
  /** Null when the listing ends before this depth. */
  summary: Summary | null;
  /** CPU time of the MCP call. */
  cpu: Summary | null;
  items: number;
  /** The same page without MCP (tools' callTool in-process). */
  direct: Summary | null;
  sqlMs: number;
  statements: StatementCost[];
}

export interface PagingFigure {
  tool: string;
  label: string;
  args: Record<string, unknown>;
  pages: PageFigure[];
  /** Every call made while walking to the deepest page (one run each). */
  walk: Summary;
  walkedPages: number;
  /** Pages in the whole listing, when the walk reached its end. */
  totalPages: number | null;
}

interface Paged {
  next_cursor: string | null;
  has_more: boolean;
  chats?: unknown[];
  messages?: unknown[];
}

export async function measurePaging(
  db: Db,
  session: McpSession,
  direct: (name: string, args: Record<string, unknown>) => Promise<unknown>,
  spec: { tool: string; label: string; args: Record<string, unknown> },
  runs: number,
  warmup: number,
): Promise<PagingFigure> {
  const call = (cursor: string | undefined) =>
    session.call<Paged>(spec.tool, cursor === undefined ? spec.args : { ...spec.args, cursor });
  const itemsOf = (p: Paged) => (p.messages ?? p.chats ?? []).length;
  const pages: PageFigure[] = [];
  const walkSamples: number[] = [];
  let cursor: string | undefined;
  let depth = 0;
  let ended = false;
  const deepest = DEPTHS[DEPTHS.length - 1]!;
  for (;;) {
    if ((DEPTHS as readonly number[]).includes(depth)) {
      const at = cursor;
      const { samples, cpu, last } = await timeRuns(() => call(at), runs, warmup);
      const statements = await statementCosts(db, () => call(at), 5);
      const args = at === undefined ? spec.args : { ...spec.args, cursor: at };
      const own = await timeRuns(() => direct(spec.tool, args), 10, 2);
      pages.push({
        depth,
        summary: summarize(samples),
        cpu: summarize(cpu),
        items: itemsOf(last),
        direct: summarize(own.samples),
        sqlMs: sqlMs(statements),
        statements,
      });
    }
    if (depth === deepest) break;
    const t = performance.now();
    const page = await call(cursor);
    walkSamples.push(performance.now() - t);
    if (!page.next_cursor) {
      ended = true;
      break;
    }
    cursor = page.next_cursor;
    depth++;
  }
  for (const d of DEPTHS)
    if (!pages.some((p) => p.depth === d))
      pages.push({ depth: d, summary: null, cpu: null, items: 0, direct: null, sqlMs: 0, statements: [] });
  return {
    ...spec,
    pages,
    walk: summarize(walkSamples),
    walkedPages: walkSamples.length,
    totalPages: ended ? depth + 1 : null,
  };
}
