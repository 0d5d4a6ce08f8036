/**
 * Child processes of the import benchmark, each measured on its own: wall time, CPU time and peak
 * resident memory (`/usr/bin/time -v` when present, else the kernel's VmHWM polled from
 * /proc/PID/status). Parsers run in a bare `node` (no tsx loader in the figures) on compiled code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

export interface ChildFigures {
  code: number | null;
  wallMs: number;
  /** User + system CPU of the child; null when it could not be read. */
  cpuMs: number | null;
  /** Peak resident set size in MB of the process and every process it started, summed. */
  peakRssMb: number;
  rssSource: '/usr/bin/time -v' | '/proc VmHWM';
  /** At the highest summed VmRSS polled from /proc: anonymous memory (heaps, caches) and mapped files (code). */
  atPeak: { rssMb: number; anonMb: number; fileMb: number; shmemMb: number } | null;
  stdout: string;
  stderr: string;
}

/** Runs `node args…` and measures it. */
export function measureNode(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<ChildFigures> {
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-v', process.execPath, ...args] : [...args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let hwmKb = 0;
    let treePeakKb = 0;
    let atPeak: ChildFigures['atPeak'] = null;
    // Under /usr/bin/time the measured process is time's child. A command may run its work in a
    // child of its own (wa-archive import does): the whole tree below it is summed.
    const childrenOf = (pid: string): string[] => {
      try {
        return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      } catch {
        return [];
      }
    };
    const tree = (pid: string): string[] => [pid, ...childrenOf(pid).flatMap(tree)];
    const kb = (status: string, field: string): number =>
      Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    const poll = setInterval(() => {
      const root = useTime ? childrenOf(String(child.pid))[0] : String(child.pid);
      if (!root) return;
      const sum = { rss: 0, anon: 0, file: 0, shmem: 0 };
      for (const pid of tree(root)) {
        try {
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          if (pid === root) hwmKb = Math.max(hwmKb, kb(status, 'VmHWM'));
          sum.rss += kb(status, 'VmRSS');
          sum.anon += kb(status, 'RssAnon');
          sum.file += kb(status, 'RssFile');
          sum.shmem += kb(status, 'RssShmem');
        } catch {
          // Not started yet, or ended.
        }
      }
      treePeakKb = Math.max(treePeakKb, sum.rss);
      if (sum.rss > (atPeak?.rssMb ?? 0) * 1024)
        atPeak = {
          rssMb: sum.rss / 1024,
          anonMb: sum.anon / 1024,
          fileMb: sum.file / 1024,
          shmemMb: sum.shmem / 1024,
        };
    }, 100);
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      clearInterval(poll);
      if (!useTime) {
        resolve({
          code,
          wallMs,
          cpuMs: null,
          peakRssMb: Math.max(hwmKb, treePeakKb) / 1024,
          rssSource: '/proc VmHWM',
          atPeak,
          stdout,
          stderr,
        });
        return;
      }
      const field = (name: string): number => {
        const match = new RegExp(`${name}: ([\\d.]+)`).exec(stderr);
        if (!match)
          throw new Error(`no "${name}" in the output of /usr/bin/time -v:\n${stderr.slice(-2000)}`);
        return Number(match[1]);
      };
      resolve({
        code,
        wallMs,
        cpuMs: (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000,
        // The largest single process (time -v) or the tree's sum polled, whichever is higher.
        peakRssMb: Math.max(field('Maximum resident set size \\(kbytes\\)'), treePeakKb) / 1024,
        rssSource: '/usr/bin/time -v',
        atPeak,
        stdout,
        stderr: stderr.replace(/\tCommand being timed:[\s\S]*$/, ''),
      });
    });
  });
}

export type ParserName = 'ours-stream' | 'ours-text' | 'whatsapp-chat-parser';

/**
 * The parse-only child: loads its parser first (not timed), then times reading the file and
 * parsing every message. `ours-stream` reads the file as a stream (both passes of parseExport);
 * the two others read it whole into a string, as parseString needs.
 */
const PARSE_CHILD = `
import { createReadStream, readFileSync } from 'node:fs';
const [mode, file, parserUrl, pusturUrl] = process.argv.slice(1);
const ours = mode === 'whatsapp-chat-parser' ? null : await import(parserUrl);
const pustur = mode === 'whatsapp-chat-parser' ? await import(pusturUrl) : null;
const cpu = process.cpuUsage();
const started = performance.now();
let messages = 0;
if (mode === 'ours-stream') {
  const stream = await ours.parseExport(() => createReadStream(file, { highWaterMark: 256 * 1024 }));
  for await (const batch of stream.batches) messages += batch.length;
} else if (mode === 'ours-text') {
  messages = ours.parseExportText(readFileSync(file, 'utf8')).messages.length;
} else {
  messages = pustur.parseString(readFileSync(file, 'utf8')).length;
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ messages, ms, cpuMs: (used.user + used.system) / 1000 }) + '\\n');
`;

export interface ParseFigures extends ChildFigures {
  parser: ParserName;
  messages: number;
  /** Reading and parsing only (module loading excluded), measured inside the child. */
  parseMs: number;
  parseCpuMs: number;
  messagesPerSecond: number;
}

/**
 * Our parser compiled on its own (dist/ is one bundle whose modules cannot be imported one by one):
 * an ES module of src/importers/parser.ts and what it uses, rebuilt on every call.
 */
export async function buildParserBundle(outDir: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(outDir, 'parser.mjs');
  await build({
    entryPoints: [join(ROOT, 'src', 'importers', 'parser.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

export async function measureParse(
  parser: ParserName,
  file: string,
  parserBundle: string,
): Promise<ParseFigures> {
  const parserUrl = pathToFileURL(parserBundle).href;
  const pusturUrl = pathToFileURL(
    join(ROOT, 'node_modules', 'whatsapp-chat-parser', 'dist', 'index.js'),
  ).href;
  const figures = await measureNode([
    '--input-type=module',
    '-e',
    PARSE_CHILD,
    parser,
    file,
    parserUrl,
    pusturUrl,
  ]);
  if (figures.code !== 0)
    throw new Error(`${parser} parse failed (${figures.code}):\n${figures.stderr.slice(-3000)}`);
  const inner = JSON.parse(figures.stdout.trim().split('\n').pop()!) as {
    messages: number;
    ms: number;
    cpuMs: number;
  };
  return {
    ...figures,
    stdout: '',
    parser,
    messages: inner.messages,
    parseMs: inner.ms,
    parseCpuMs: inner.cpuMs,
    messagesPerSecond: inner.messages / (inner.ms / 1000),
  };
}

export interface ImportFigures extends ChildFigures {
  messages: number;
  inserted: number;
  status: string;
  messagesPerSecond: number;
  /** Messages per second of CPU time (less sensitive to a busy machine). */
  messagesPerCpuSecond: number | null;
}

/**
 * `wa-archive import FILE --json` into the archive at dbPath, with the file's folder as the import
 * root. Extra node flags (e.g. --cpu-prof) go before the script.
 */
export async function measureImport(input: {
  file: string;
  root: string;
  dbPath: string;
  me: string;
  timeZone: string;
  nodeFlags?: string[];
}): Promise<ImportFigures> {
  const figures = await measureNode(
    [
      ...(input.nodeFlags ?? []),
      CLI,
      'import',
      input.file,
      '--json',
      '--timezone',
      input.timeZone,
      '--me',
      input.me,
    ],
    {
      cwd: dirname(input.dbPath),
      env: {
        WA_ARCHIVE_DB: input.dbPath,
        WA_ARCHIVE_IMPORT_ROOTS: input.root,
        WA_ARCHIVE_TIMEZONE: input.timeZone,
        LOG_LEVEL: 'silent',
      },
    },
  );
  if (figures.code !== 0) throw new Error(`import failed (${figures.code}):\n${figures.stderr.slice(-3000)}`);
  const result = JSON.parse(figures.stdout) as {
    files: { status: string; messages: number; inserted: number; error: string | null }[];
  };
  const file = result.files[0];
  if (!file || file.status !== 'imported')
    throw new Error(`import did not import: ${figures.stdout.slice(0, 2000)}`);
  return {
    ...figures,
    stdout: '',
    stderr: '',
    messages: file.messages,
    inserted: file.inserted,
    status: file.status,
    messagesPerSecond: file.messages / (figures.wallMs / 1000),
    messagesPerCpuSecond: figures.cpuMs === null ? null : file.messages / (figures.cpuMs / 1000),
  };
}
