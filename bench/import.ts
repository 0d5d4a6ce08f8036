/**
 * The export-import benchmark: a seeded 1,000,000-message pt-BR Android export (~95 MB, cached
 * under bench/data/), imported end to end (parse + store + full-text index) by the CLI in a child
 * process into a fresh archive — messages/s and peak RSS — and parsed alone by our streaming parser,
 * our in-memory parser and whatsapp-chat-parser's parseString, each in its own child process.
 * When the import misses its target, a CPU profile and what-if experiments say where the time goes.
 *
 *   npx tsx bench/import.ts [--messages N] [--import-runs 2] [--parse-runs 5] [--profile auto|always|never]
 *                           [--what-if auto|always|never] [--seed S] [--force]
 *
 * Writes bench/results/import.json (import-n<N>.json for other sizes). bench/run.ts may call
 * runImportBench() instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureImportExport, EXPORTER, type ExportFileMeta } from './import-generate.js';
import {
  buildParserBundle,
  CLI,
  measureImport,
  measureParse,
  ROOT,
  type ImportFigures,
  type ParseFigures,
  type ParserName,
} from './import-measure.js';
import { summariseProfile, type ProfileBreakdown } from './import-profile.js';
import { importWithHeapCap, insertStrategies, type WhatIf } from './import-whatif.js';
import { speedProbeMs } from './lib/machine.js';

const TIME_ZONE = 'America/Sao_Paulo';
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const WORK_DIR = join(ROOT, 'bench', 'data', 'import-runs');
const PARSERS: readonly ParserName[] = ['ours-stream', 'ours-text', 'whatsapp-chat-parser'];

export const IMPORT_TARGETS = {
  importMessagesPerSecond: 40_000,
  importPeakRssMb: 200,
} as const;

export interface ImportBenchOptions {
  messages?: number;
  seed?: number;
  /** End-to-end imports measured (each takes about a minute or more at 1M messages). Default 2. */
  importRuns?: number;
  /** Runs of each parser, interleaved. Default 5. */
  parseRuns?: number;
  /** CPU profile of one more import: when the import target fails (auto, default), always or never. */
  profile?: 'auto' | 'always' | 'never';
  /** What-if experiments: when the import target fails (auto, default), always or never. */
  whatIf?: 'auto' | 'always' | 'never';
  /** Regenerate the export even when cached. */
  force?: boolean;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface Target {
  name: string;
  value: number;
  target: string;
  pass: boolean;
}

interface Median {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface ImportBenchResults {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverage: number[];
    /** A fixed JavaScript loop at the start and the end (bench/lib/machine.ts): larger on a throttled machine. */
    speedProbeMs: { start: number; end: number };
  };
  file: ExportFileMeta & { cached: boolean };
  settings: { importRuns: number; parseRuns: number; timeZone: string; me: string };
  import: {
    runs: (Omit<ImportFigures, 'stdout' | 'stderr'> & { archiveBytes: number })[];
    messagesPerSecond: Median;
    messagesPerCpuSecond: Median | null;
    peakRssMb: number;
  };
  parse: Record<
    ParserName,
    {
      runs: Omit<ParseFigures, 'stdout' | 'stderr'>[];
      messagesPerSecond: Median;
      cpuMs: Median;
      peakRssMb: number;
    }
  >;
  targets: Target[];
  pass: boolean;
  profile: ProfileBreakdown | null;
  whatIf: WhatIf[];
  notes: string[];
  report: string;
}

const log0 = (line: string): void => void process.stderr.write(`${line}\n`);

function median(values: readonly number[]): Median {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    median: Math.round(m),
    min: Math.round(sorted[0]!),
    max: Math.round(sorted.at(-1)!),
    runs: values.length,
  };
}

/** Builds dist/ when it is missing or older than a source file (the children run the built code). */
function ensureBuilt(log: (line: string) => void): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .reduce((m, e) => Math.max(m, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newest(join(ROOT, 'src'))) return;
  log('building dist/ (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function freshDb(name: string): string {
  const dir = join(WORK_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return join(dir, 'archive.db');
}

function bytesOf(dbPath: string): number {
  return ['', '-wal'].reduce((n, s) => n + (existsSync(dbPath + s) ? statSync(dbPath + s).size : 0), 0);
}

export async function runImportBench(options: ImportBenchOptions = {}): Promise<ImportBenchResults> {
  const log = options.log ?? log0;
  const messages = options.messages ?? 1_000_000;
  const importRuns = options.importRuns ?? 2;
  const parseRuns = options.parseRuns ?? 5;
  const loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
  const probeStart = speedProbeMs();
  ensureBuilt(log);
  const { meta, cached } = ensureImportExport({ messages, seed: options.seed, force: options.force, log });
  log(
    `export: ${meta.messages.toLocaleString('en-US')} messages, ${(meta.bytes / 1e6).toFixed(1)} MB${cached ? ' (cached)' : ''}`,
  );

  mkdirSync(WORK_DIR, { recursive: true });
  const parserBundle = await buildParserBundle(WORK_DIR);
  // Parse only: parsers interleaved run by run, so they share the machine's conditions.
  const parseRunsBy = Object.fromEntries(PARSERS.map((p) => [p, [] as ParseFigures[]])) as Record<
    ParserName,
    ParseFigures[]
  >;
  for (let run = 1; run <= parseRuns; run++) {
    for (const parser of PARSERS) {
      log(`parse ${run}/${parseRuns}: ${parser}…`);
      const figures = await measureParse(parser, meta.path, parserBundle);
      if (figures.messages !== meta.messages)
        throw new Error(`${parser} found ${figures.messages} messages, the file has ${meta.messages}`);
      parseRunsBy[parser].push(figures);
    }
  }
  const parse = Object.fromEntries(
    PARSERS.map((p) => {
      const runs = parseRunsBy[p].map(({ stdout: _o, stderr: _e, ...rest }) => rest);
      return [
        p,
        {
          runs,
          messagesPerSecond: median(runs.map((r) => r.messagesPerSecond)),
          cpuMs: median(runs.map((r) => r.parseCpuMs)),
          peakRssMb: Math.round(Math.max(...runs.map((r) => r.peakRssMb))),
        },
      ];
    }),
  ) as ImportBenchResults['parse'];

  // End to end: the CLI into a fresh archive each time.
  const runs: ImportBenchResults['import']['runs'] = [];
  let lastDb = '';
  for (let run = 1; run <= importRuns; run++) {
    log(`import ${run}/${importRuns} (wa-archive import, fresh archive)…`);
    const dbPath = freshDb(`run-${run}`);
    const figures = await measureImport({
      file: meta.path,
      root: meta.dir,
      dbPath,
      me: EXPORTER,
      timeZone: TIME_ZONE,
    });
    if (figures.inserted !== meta.messages)
      throw new Error(`the import stored ${figures.inserted} messages, the file has ${meta.messages}`);
    const { stdout: _o, stderr: _e, ...rest } = figures;
    runs.push({ ...rest, archiveBytes: bytesOf(dbPath) });
    log(
      `  ${Math.round(figures.messagesPerSecond).toLocaleString('en-US')} msg/s, peak RSS ${Math.round(figures.peakRssMb)} MB`,
    );
    if (lastDb) rmSync(join(lastDb, '..'), { recursive: true, force: true });
    lastDb = dbPath;
  }
  const importMps = median(runs.map((r) => r.messagesPerSecond));
  const cpuRates = runs.map((r) => r.messagesPerCpuSecond).filter((r): r is number => r !== null);
  const importRss = Math.round(Math.max(...runs.map((r) => r.peakRssMb)));

  const ours = parse['ours-stream'].messagesPerSecond.median;
  const theirs = parse['whatsapp-chat-parser'].messagesPerSecond.median;
  const targets: Target[] = [
    {
      name: 'import end to end (msg/s)',
      value: importMps.median,
      target: `>= ${IMPORT_TARGETS.importMessagesPerSecond.toLocaleString('en-US')}`,
      pass: importMps.median >= IMPORT_TARGETS.importMessagesPerSecond,
    },
    {
      name: 'import peak RSS (MB)',
      value: importRss,
      target: `<= ${IMPORT_TARGETS.importPeakRssMb}`,
      pass: importRss <= IMPORT_TARGETS.importPeakRssMb,
    },
    {
      name: 'parse, ours streaming vs whatsapp-chat-parser (msg/s)',
      value: ours,
      target: `>= ${theirs.toLocaleString('en-US')} (theirs)`,
      pass: ours >= theirs,
    },
  ];
  const importFails = !targets[0]!.pass;

  let profile: ProfileBreakdown | null = null;
  const wantProfile = options.profile ?? 'auto';
  if (wantProfile === 'always' || (wantProfile === 'auto' && importFails)) {
    log('profiling one more import (node --cpu-prof; not counted in the figures)…');
    const dbPath = freshDb('profile');
    const profDir = join(WORK_DIR, 'profile', 'cpuprofile');
    mkdirSync(profDir, { recursive: true });
    await measureImport({
      file: meta.path,
      root: meta.dir,
      dbPath,
      me: EXPORTER,
      timeZone: TIME_ZONE,
      nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
    });
    // The command runs its work in a child node (bounded heap): the larger profile is the import's.
    const file = readdirSync(profDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(profDir, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (file) profile = summariseProfile(file);
    rmSync(join(WORK_DIR, 'profile'), { recursive: true, force: true });
  }

  const whatIf: WhatIf[] = [];
  const wantWhatIf = options.whatIf ?? 'auto';
  if (wantWhatIf === 'always' || (wantWhatIf === 'auto' && importFails)) {
    log('what-if experiments…');
    whatIf.push(...insertStrategies(lastDb, join(WORK_DIR, 'whatif'), log));
  }
  if (wantWhatIf === 'always' || (wantWhatIf === 'auto' && !targets[1]!.pass)) {
    log('  what-if: the import with a capped V8 heap…');
    whatIf.push(
      await importWithHeapCap({
        file: meta.path,
        root: meta.dir,
        workDir: join(WORK_DIR, 'whatif'),
        me: EXPORTER,
        timeZone: TIME_ZONE,
        maxOldSpaceMb: 96,
      }),
    );
  }
  rmSync(WORK_DIR, { recursive: true, force: true });

  const results: ImportBenchResults = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverage,
      speedProbeMs: { start: probeStart, end: speedProbeMs() },
    },
    file: { ...meta, cached },
    settings: { importRuns, parseRuns, timeZone: TIME_ZONE, me: EXPORTER },
    import: {
      runs,
      messagesPerSecond: importMps,
      messagesPerCpuSecond: cpuRates.length ? median(cpuRates) : null,
      peakRssMb: importRss,
    },
    parse,
    targets,
    pass: targets.every((t) => t.pass),
    profile,
    whatIf,
    notes: [
      `Import: ${importRuns} run(s) (each imports the whole file into a fresh archive; medians over so few runs are indicative). Parse: ${parseRuns} runs per parser, interleaved.`,
      'Import figures are wall-clock of the whole child process (start-up, both parser passes, writes, full-text index, commit); msg/s by CPU time is given too because the machine may be shared (load average above, at start).',
      'Parse figures are measured inside each child after its parser module loaded: reading the file and building every message. ours-stream reads the file twice as a stream (first pass: headers only); ours-text and whatsapp-chat-parser read it whole into one string.',
      'Peak RSS is of the whole child process (' + (runs[0]?.rssSource ?? 'n/a') + ').',
    ],
    report: '',
  };
  results.report = renderImportReport(results);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const out = join(RESULTS_DIR, messages === 1_000_000 ? 'import.json' : `import-n${messages}.json`);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${out}`);
  return results;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

export function renderImportReport(r: ImportBenchResults): string {
  const rows: string[][] = [['', 'figure', 'target', 'result']];
  const t = r.targets;
  rows.push([
    `import end to end, wa-archive import (median of ${r.import.messagesPerSecond.runs})`,
    `${int(r.import.messagesPerSecond.median)} msg/s (${int(r.import.messagesPerSecond.min)}-${int(r.import.messagesPerSecond.max)})`,
    t[0]!.target,
    t[0]!.pass ? 'pass' : 'FAIL',
  ]);
  if (r.import.messagesPerCpuSecond)
    rows.push(['  same, per CPU second', `${int(r.import.messagesPerCpuSecond.median)} msg/s`, '', '']);
  rows.push(['import peak RSS', `${r.import.peakRssMb} MB`, t[1]!.target, t[1]!.pass ? 'pass' : 'FAIL']);
  const peakRun = [...r.import.runs].sort((a, b) => b.peakRssMb - a.peakRssMb)[0];
  if (peakRun?.atPeak)
    rows.push([
      '  at the highest RSS polled: anonymous / files',
      `${int(peakRun.atPeak.anonMb)} / ${int(peakRun.atPeak.fileMb)} MB`,
      '',
      '',
    ]);
  const p = r.parse;
  rows.push([
    `parse, ours streaming (median of ${p['ours-stream'].messagesPerSecond.runs})`,
    `${int(p['ours-stream'].messagesPerSecond.median)} msg/s, ${p['ours-stream'].peakRssMb} MB`,
    `>= whatsapp-chat-parser`,
    t[2]!.pass ? 'pass' : 'FAIL',
  ]);
  rows.push([
    'parse, ours in memory (parseExportText)',
    `${int(p['ours-text'].messagesPerSecond.median)} msg/s, ${p['ours-text'].peakRssMb} MB`,
    '',
    '',
  ]);
  rows.push([
    'parse, whatsapp-chat-parser parseString',
    `${int(p['whatsapp-chat-parser'].messagesPerSecond.median)} msg/s, ${p['whatsapp-chat-parser'].peakRssMb} MB`,
    '',
    '',
  ]);
  rows.push([
    'parse CPU, ours streaming / in memory / theirs',
    `${int(p['ours-stream'].cpuMs.median)} / ${int(p['ours-text'].cpuMs.median)} / ${int(p['whatsapp-chat-parser'].cpuMs.median)} ms`,
    '',
    '',
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const table = rows.map((row) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  table.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const lines = [
    `Import benchmark: ${int(r.file.messages)} messages, ${(r.file.bytes / 1e6).toFixed(1)} MB pt-BR Android export (seed ${r.file.seed}); ` +
      `${r.machine.cpus} CPUs, load ${r.machine.loadAverage.join(' ')}, speed probe ${r.machine.speedProbeMs.start}/${r.machine.speedProbeMs.end} ms, ${r.machine.node}`,
    '',
    ...table,
  ];
  if (r.profile) {
    lines.push(
      '',
      `Where the import's CPU time goes (node --cpu-prof, ${int(r.profile.totalMs)} ms sampled):`,
    );
    for (const c of r.profile.categories.filter((c) => c.share >= 0.005))
      lines.push(`  ${(c.share * 100).toFixed(1).padStart(5)}%  ${int(c.ms).padStart(7)} ms  ${c.category}`);
    lines.push('  top functions (self time):');
    for (const f of r.profile.top.slice(0, 10))
      lines.push(`  ${(f.share * 100).toFixed(1).padStart(5)}%  ${int(f.ms).padStart(7)} ms  ${f.fn}`);
  }
  if (r.whatIf.length) {
    lines.push(
      '',
      'What-if: the stored rows written again into an empty archive (ids given; no parsing, id allocation or lookups),',
      'and the import under a V8 heap cap:',
      '    msg/s  msg/CPU-s     wall ms',
    );
    for (const w of r.whatIf)
      lines.push(
        `  ${int(w.messagesPerSecond).padStart(7)}  ${int(w.messagesPerCpuSecond ?? 0).padStart(9)}  ${int(w.wallMs).padStart(10)}  ${w.label}${w.note ? ` (${w.note})` : ''}`,
      );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' },
      seed: { type: 'string' },
      'import-runs': { type: 'string' },
      'parse-runs': { type: 'string' },
      profile: { type: 'string' },
      'what-if': { type: 'string' },
      force: { type: 'boolean' },
    },
  });
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const mode = (v: string | undefined) => {
    if (v !== undefined && v !== 'auto' && v !== 'always' && v !== 'never')
      throw new Error(`expected auto, always or never, got ${v}`);
    return v;
  };
  const results = await runImportBench({
    messages: num(values.messages),
    seed: num(values.seed),
    importRuns: num(values['import-runs']),
    parseRuns: num(values['parse-runs']),
    profile: mode(values.profile),
    whatIf: mode(values['what-if']),
    force: values.force === true,
  });
  console.log(results.report);
  process.exitCode = results.pass ? 0 : 1;
}
