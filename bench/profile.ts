/**
 * Where a tool call's time goes: wraps the database's `prepare` so that every statement the store
 * prepares during a call is timed (the real SQL of src/store, not a copy), and explains its plan.
 */
import type { Db } from '../src/store/db.js';
import { callTool } from '../src/tools/define.js';
import type { Deps } from '../src/tools/deps.js';
import { allTools } from '../src/tools/index.js';
import { round } from './lib/stats.js';

export interface StatementCost {
  sql: string;
  calls: number;
  /** Total milliseconds per profiled run (median over runs). */
  ms: number;
  plan: string[];
}

interface Recorded {
  sql: string;
  calls: number;
  ms: number;
  params: unknown[];
}

type Prepare = Db['prepare'];

/** Starts recording; `stop` restores the original `prepare`. */
export function recordStatements(db: Db): { take(): Map<string, Recorded>; stop(): void } {
  const original = db.prepare;
  let seen = new Map<string, Recorded>();
  const timed =
    (sql: string, fn: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const t = performance.now();
      try {
        return fn(...args);
      } finally {
        const entry = seen.get(sql) ?? { sql, calls: 0, ms: 0, params: args };
        entry.calls++;
        entry.ms += performance.now() - t;
        entry.params = args;
        seen.set(sql, entry);
      }
    };
  db.prepare = ((sql: string) => {
    const stmt = original.call(db, sql);
    return new Proxy(stmt, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        const bound = (value as (...args: unknown[]) => unknown).bind(target);
        return prop === 'get' || prop === 'all' || prop === 'run' ? timed(sql, bound) : bound;
      },
    });
  }) as Prepare;
  return {
    take() {
      const out = seen;
      seen = new Map();
      return out;
    },
    stop() {
      db.prepare = original;
    },
  };
}

function explain(db: Db, sql: string, params: unknown[]): string[] {
  try {
    return db
      .prepare<unknown[], { id: number; parent: number; detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => r.detail);
  } catch (error) {
    return [`(no plan: ${(error as Error).message})`];
  }
}

/**
 * Runs `work` `runs` times with statement recording on and returns each statement's median cost per
 * run, costliest first, with its query plan.
 */
export async function statementCosts(db: Db, work: () => unknown, runs: number): Promise<StatementCost[]> {
  const recorder = recordStatements(db);
  const perRun: Map<string, Recorded>[] = [];
  try {
    await work(); // warm-up
    recorder.take();
    for (let i = 0; i < runs; i++) {
      await work();
      perRun.push(recorder.take());
    }
  } finally {
    recorder.stop();
  }
  const bySql = new Map<string, { calls: number; samples: number[]; params: unknown[] }>();
  for (const run of perRun) {
    for (const r of run.values()) {
      const entry = bySql.get(r.sql) ?? { calls: r.calls, samples: [], params: r.params };
      entry.samples.push(r.ms);
      entry.params = r.params;
      bySql.set(r.sql, entry);
    }
  }
  return [...bySql.entries()]
    .map(([sql, e]) => {
      const sorted = [...e.samples].sort((a, b) => a - b);
      return {
        sql: oneLine(sql),
        calls: e.calls,
        ms: round(sorted[Math.floor(sorted.length / 2)]!),
        plan: explain(db, sql, e.params),
      };
    })
    .sort((a, b) => b.ms - a.ms);
}

export function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** A short label for a statement: its first words and the part that identifies it. */
export function shortSql(sql: string, width = 100): string {
  const s = sql
    .replace(/SELECT m\.id, m\.chat_id.*?m\.source FROM/, 'SELECT <message columns> FROM')
    .replace(/SELECT c\.id, c\.instance_id.*?p\.phone FROM/, 'SELECT <chat columns> FROM');
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** Runs a tool in-process without MCP (input validation and the tool's work, no transport, no rendering). */
export function directTools(deps: Deps): (name: string, args: Record<string, unknown>) => Promise<unknown> {
  const tools = new Map(allTools(deps).map((t) => [t.name, t]));
  return async (name, args) => {
    const tool = tools.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    return callTool(tool, args);
  };
}

/** Sum of the statements' median costs: the SQL part of one call. */
export function sqlMs(statements: readonly StatementCost[]): number {
  return round(statements.reduce((s, st) => s + st.ms, 0));
}
