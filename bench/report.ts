/** The benchmark's results: targets with pass/fail, and a readable table. */
import type { ArchiveMeta } from './generate.js';
import type { MachineWindow } from './lib/machine.js';
import { fmtInt, fmtMs } from './lib/stats.js';
import type { PagingFigure } from './paging.js';
import { shortSql, type StatementCost } from './profile.js';
import type { IndexedBaseline, SearchFigure } from './search.js';
import type { SizeFigure } from './size.js';
import type { StartupFigure } from './startup.js';

export interface Target {
  name: string;
  target: string;
  value: string;
  pass: boolean;
}

export interface Results {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    platform: string;
    node: string;
    sqlite: string;
    /** CPU use on the machine during the in-process measurements (search and paging). */
    window: MachineWindow;
  };
  archive: ArchiveMeta & { cached: boolean };
  settings: { runs: number; warmup: number; baselineRuns: number; startupRuns: number };
  targets: Target[];
  pass: boolean;
  search: SearchFigure[];
  ratio: { min: number; geometricMean: number };
  paging: PagingFigure[];
  size: SizeFigure;
  startup: StartupFigure | { skipped: string };
  notes: string[];
}

/** 312x, 4.6x, 0.08x: below 1, ours is the slower. */
const fmtRatio = (r: number) => `${r.toFixed(r >= 10 ? 0 : r >= 1 ? 1 : 2)}x`;
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function table(head: string[], rows: string[][], right: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (right[i] ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderReport(r: Results): string {
  const a = r.archive;
  const out: string[] = [];
  out.push(`wa-archive benchmark — ${r.date}`);
  const w = r.machine.window;
  const pct = (v: number | null) => (v === null ? '?' : `${(v * 100).toFixed(0)}%`);
  out.push(
    `machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, ${r.machine.platform}, node ${r.machine.node}, SQLite ${r.machine.sqlite}`,
  );
  out.push(
    `machine use during the measurements: CPUs ${pct(w.busy)} busy, of which this benchmark ${pct(w.ours)} ` +
      `(other processes ${w.busy === null ? '?' : pct(Math.max(0, w.busy - w.ours))}), steal ${pct(w.steal)}; ` +
      `load average ${w.loadAverageStart.join(' ')} -> ${w.loadAverageEnd.join(' ')}; ` +
      `speed probe ${w.speedProbeMs.start} -> ${w.speedProbeMs.end} ms (larger when the machine is throttled)`,
  );
  out.push(
    `archive: ${fmtInt(a.messages)} messages, ${fmtInt(a.chats)} chats (${a.groups} groups), ${fmtInt(a.contacts)} contacts` +
      `${a.cached ? ' (cached; generated ' + a.generatedAt + ')' : ''}`,
  );
  out.push(
    `generation: ${(a.generateMs / 1000).toFixed(1)} s, ${fmtInt(a.messagesPerSecond)} messages/s through store.messages.save ` +
      `(store writes ${(a.writeMs / 1000).toFixed(1)} s${a.cpuMs ? `; CPU ${(a.cpuMs / 1000).toFixed(1)} s = ${fmtInt(a.messages / (a.cpuMs / 1000))} messages per CPU-second` : ''})`,
  );
  out.push('');
  out.push(
    `search_messages through MCP (${r.settings.runs} runs after ${r.settings.warmup} warm-up) vs LIKE baseline (${r.settings.baselineRuns} runs), ms:`,
  );
  out.push(
    table(
      ['query', 'matches', 'median', 'p95', 'CPU med', 'CPU p95', 'no-MCP', 'SQL', 'baseline', 'ratio'],
      r.search.map((s) => [
        s.label,
        `${fmtInt(s.total)}${s.totalExact ? '' : '+'}`,
        fmtMs(s.ours.median),
        fmtMs(s.ours.p95),
        fmtMs(s.oursCpu.median),
        fmtMs(s.oursCpu.p95),
        fmtMs(s.direct.median),
        fmtMs(s.sqlMs),
        fmtMs(s.baseline.median),
        `${s.ratio.toFixed(0)}x`,
      ]),
      [false, true, true, true, true, true, true, true, true, true],
    ),
  );
  out.push(
    `ratio baseline/ours at the median: min ${r.ratio.min.toFixed(0)}x, geometric mean ${r.ratio.geometricMean.toFixed(0)}x`,
  );
  out.push('');
  out.push(
    'for reference, the same LIKE helped by indexes the baseline does not have (medians, ms; the time-ordered one stops at the 20 newest substring matches, counts nothing and ranks nothing):',
  );
  const reference = (s: SearchFigure, index: IndexedBaseline['index']) => {
    const found = s.indexed.find((i) => i.index === index);
    return found ? [fmtMs(found.summary.median), fmtRatio(found.ratio)] : ['-', '-'];
  };
  out.push(
    table(
      ['query', 'ours', 'chat index, then sort', 'ratio', 'time-ordered index', 'ratio'],
      r.search.map((s) => [s.label, fmtMs(s.ours.median), ...reference(s, 'chat'), ...reference(s, 'time')]),
      [false, true, true, true, true, true],
    ),
  );
  out.push('');
  for (const p of r.paging) {
    out.push(
      `${p.label}: walk of ${p.walkedPages} pages: median ${fmtMs(p.walk.median)} ms, p95 ${fmtMs(p.walk.p95)} ms${p.totalPages ? ` (listing ends at ${p.totalPages} pages)` : ''}`,
    );
    out.push(
      table(
        ['depth', 'items', 'median', 'p95', 'CPU p95', 'no-MCP', 'SQL', 'costliest statement (ms/call)'],
        p.pages.map((g) => [
          String(g.depth),
          g.summary ? String(g.items) : '-',
          g.summary ? fmtMs(g.summary.median) : 'n/a',
          g.summary ? fmtMs(g.summary.p95) : 'n/a',
          g.cpu ? fmtMs(g.cpu.p95) : '-',
          g.direct ? fmtMs(g.direct.median) : '-',
          g.summary ? fmtMs(g.sqlMs) : '-',
          g.statements[0]
            ? `${fmtMs(g.statements[0].ms)} ×${g.statements[0].calls} ${shortSql(g.statements[0].sql, 70)}`
            : g.summary
              ? ''
              : 'listing ends before this depth',
        ]),
        [true, true, true, true, true, true, true, false],
      ),
    );
    out.push('');
  }
  out.push(
    `store size: ${fmtInt(r.size.fileBytes)} bytes = ${r.size.bytesPerMessage} B/message (FTS included; as the writes leave it, without FTS optimize or VACUUM)`,
  );
  const c = r.size.compacted;
  out.push(
    `after wa-archive compact (on a copy): ${fmtInt(c.fileBytes)} bytes = ${c.bytesPerMessage} B/message, in ${((c.indexMs + c.fileMs) / 1000).toFixed(1)} s (search index ${(c.indexMs / 1000).toFixed(1)} s, file ${(c.fileMs / 1000).toFixed(1)} s)`,
  );
  out.push(
    table(
      ['object', 'bytes', 'B/msg'],
      r.size.parts.map((p) => [p.name, fmtInt(p.bytes), p.bytesPerMessage.toFixed(1)]),
      [false, true, true],
    ),
  );
  const av = r.size.averages;
  out.push(
    `averages: text ${av.textChars} chars (${(av.textShare * 100).toFixed(1)}% of messages have text), wa_id ${av.waIdChars} chars, extra ${av.extraChars} chars`,
  );
  out.push('');
  if ('skipped' in r.startup) out.push(`startup: skipped (${r.startup.skipped})`);
  else {
    const st = r.startup;
    out.push(
      `startup (node dist/cli.js serve → initialize response): median ${fmtMs(st.summary.median)} ms, p95 ${fmtMs(st.summary.p95)} ms ` +
        `over ${st.summary.runs} runs; bare \`node -e 0\` median ${fmtMs(st.bareNode.median)} ms`,
    );
    if (st.firstStart)
      out.push(
        `  first start after a build (no code cache yet): median ${fmtMs(st.firstStart.median)} ms over ${st.firstStart.runs} runs`,
      );
    out.push(
      `  import cost of each module alone (fresh process, ms): ${st.imports.map((i) => `${i.module} ${i.ms.toFixed(0)}`).join(', ')}`,
    );
  }
  out.push('');
  out.push(
    table(
      ['target', 'goal', 'measured', ''],
      r.targets.map((t) => [t.name, t.target, t.value, t.pass ? 'PASS' : 'FAIL']),
      [false, false, false, false],
    ),
  );
  out.push('');
  out.push(...investigation(r));
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

/** For every measurement over its target: the statements of one call, costliest first, with plans. */
function investigation(r: Results): string[] {
  const out: string[] = [];
  const show = (title: string, statements: StatementCost[], total: number, direct: number | undefined) => {
    const sql = statements.reduce((sum, st) => sum + st.ms, 0);
    out.push(
      `${title}: MCP median ${fmtMs(total)} ms, without MCP ${direct === undefined ? '-' : fmtMs(direct)} ms, SQL ${fmtMs(sql)} ms`,
    );
    for (const st of statements.slice(0, 5)) {
      out.push(`  ${fmtMs(st.ms).padStart(6)} ms ×${st.calls}  ${shortSql(st.sql, 150)}`);
      for (const line of st.plan) out.push(`             plan: ${line}`);
    }
  };
  for (const s of r.search)
    if (s.ours.p95 > SEARCH_P95_MS || s.ratio < MIN_RATIO)
      show(
        `search "${s.label}" (p95 ${fmtMs(s.ours.p95)} ms, ratio ${s.ratio.toFixed(0)}x)`,
        s.statements,
        s.ours.median,
        s.direct.median,
      );
  for (const p of r.paging) {
    for (const g of p.pages) {
      if (g.summary && g.summary.p95 > PAGE_P95_MS)
        show(
          `${p.tool} depth ${g.depth} (p95 ${fmtMs(g.summary.p95)} ms)`,
          g.statements,
          g.summary.median,
          g.direct?.median,
        );
    }
  }
  if (out.length)
    out.unshift('Over target — where the time goes (statement medians per call, recorded inside MCP calls):');
  return out.length ? [...out, ''] : [];
}

export const SEARCH_P95_MS = 20;
export const PAGE_P95_MS = 5;
export const MIN_RATIO = 50;
export const MAX_BYTES_PER_MESSAGE = 300;
export const STARTUP_MS = 300;

/** The five targets, judged on wall-clock figures (CPU figures given alongside). */
export function evaluateTargets(
  search: SearchFigure[],
  paging: PagingFigure[],
  size: SizeFigure,
  startup: StartupFigure | { skipped: string },
): Target[] {
  const worst = <T>(items: T[], key: (t: T) => number) => items.reduce((w, t) => (key(t) > key(w) ? t : w));
  const ws = worst(search, (s) => s.ours.p95);
  const wsCpu = worst(search, (s) => s.oursCpu.p95);
  const slowSearch = search.filter((s) => s.ours.p95 > SEARCH_P95_MS).map((s) => s.key);
  const lowRatio = search.filter((s) => s.ratio < MIN_RATIO);
  const minRatio = worst(search, (s) => -s.ratio);
  const pages = paging.flatMap((p) =>
    p.pages.flatMap((g) =>
      g.summary && g.cpu
        ? [{ label: `${p.tool} depth ${g.depth}`, wall: g.summary.p95, cpu: g.cpu.p95 }]
        : [],
    ),
  );
  const wp = worst(pages, (p) => p.wall);
  const wpCpu = worst(pages, (p) => p.cpu);
  return [
    {
      name: 'search p95, every query',
      target: `<= ${SEARCH_P95_MS} ms`,
      value:
        `worst ${fmtMs(ws.ours.p95)} ms (${ws.key}); over: ${slowSearch.join(', ') || 'none'}; ` +
        `CPU p95 worst ${fmtMs(wsCpu.oursCpu.p95)} ms (${wsCpu.key})`,
      pass: slowSearch.length === 0,
    },
    {
      name: 'baseline/ours at median',
      target: `>= ${MIN_RATIO}x, every query`,
      value: `min ${minRatio.ratio.toFixed(0)}x (${minRatio.key}); below: ${lowRatio.map((s) => `${s.key} ${s.ratio.toFixed(0)}x`).join(', ') || 'none'}`,
      pass: lowRatio.length === 0,
    },
    {
      name: 'page p95, any depth',
      target: `<= ${PAGE_P95_MS} ms`,
      value: `worst ${fmtMs(wp.wall)} ms (${wp.label}); CPU p95 worst ${fmtMs(wpCpu.cpu)} ms (${wpCpu.label})`,
      pass: pages.every((p) => p.wall <= PAGE_P95_MS),
    },
    {
      name: 'store size per message',
      target: `<= ${MAX_BYTES_PER_MESSAGE} B`,
      value: `${size.bytesPerMessage} B`,
      pass: size.bytesPerMessage <= MAX_BYTES_PER_MESSAGE,
    },
    'skipped' in startup
      ? {
          name: 'startup to initialize',
          target: `<= ${STARTUP_MS} ms`,
          value: `not measured: ${startup.skipped}`,
          pass: false,
        }
      : {
          name: 'startup to initialize',
          target: `<= ${STARTUP_MS} ms`,
          value: `${fmtMs(startup.summary.median)} ms median (bare node ${fmtMs(startup.bareNode.median)} ms${startup.firstStart ? `; first start without code cache ${fmtMs(startup.firstStart.median)} ms` : ''})`,
          pass: startup.summary.median <= STARTUP_MS,
        },
  ];
}
