/**
 * Server start-up: spawns the built binary (`node dist/cli.js serve`) on the archive and measures the
 * time from spawn until the `initialize` response arrives over stdio, with the V8 code cache that a
 * first start stores (the usual case) and without it (the first start after a build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { percentile, round, summarize, type Summary } from './lib/stats.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'wa-archive-bench', version: '0.0.0' },
  },
})}\n`;

/** One start: milliseconds from spawn to the initialize response. */
export function startOnce(dbPath: string, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, WA_ARCHIVE_DB: dbPath, LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let done = false;
    const finish = (error: Error | null, ms?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const settle = () => (error ? reject(error) : resolve(ms!));
      if (child.exitCode !== null || child.signalCode !== null) return settle();
      child.stdin.end(); // the server exits when its client goes away
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(killer);
        settle();
      });
    };
    const timer = setTimeout(
      () => finish(new Error(`no initialize response within ${timeoutMs} ms; stderr: ${err.slice(0, 500)}`)),
      timeoutMs,
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      for (const line of out.split('\n').slice(0, -1)) {
        try {
          const msg = JSON.parse(line) as { id?: number; result?: unknown; error?: { message: string } };
          if (msg.id === 1)
            finish(
              msg.error ? new Error(`initialize failed: ${msg.error.message}`) : null,
              performance.now() - started,
            );
        } catch {
          // not a JSON-RPC line
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      err += chunk;
    });
    child.stdin.on('error', () => undefined); // EPIPE when the server has already gone
    child.once('error', (e) => finish(e));
    child.once('exit', (code) => {
      if (!done)
        finish(new Error(`server exited with ${code} before answering; stderr: ${err.slice(0, 500)}`));
    });
    child.stdin.write(INITIALIZE);
  });
}

/**
 * Modules the server start may load, each imported alone in a fresh process (in-process time): every
 * command module (cli.ts imports them all), the server's parts and the heavier packages.
 */
function probes(): string[] {
  const commands = existsSync(join(ROOT, 'dist', 'commands'))
    ? readdirSync(join(ROOT, 'dist', 'commands'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => `dist/commands/${f}`)
    : [];
  return [
    ...commands,
    'dist/server.js',
    'dist/transports/stdio.js',
    'dist/transports/http.js',
    'dist/store/index.js',
    'dist/config.js',
    'dist/logger.js',
    'dist/greenapi/index.js',
    'dist/sync/clients.js',
    '@modelcontextprotocol/sdk/server/mcp.js',
    '@modelcontextprotocol/sdk/server/streamableHttp.js',
    'zod',
    'undici',
    'libphonenumber-js/max',
    'pino',
    'better-sqlite3',
    'yauzl',
  ];
}

const IMPORT_TIMER =
  'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

function importMs(specifier: string): number | null {
  const target = specifier.startsWith('dist/') ? pathToFileURL(join(ROOT, specifier)).href : specifier;
  if (specifier.startsWith('dist/') && !existsSync(join(ROOT, specifier))) return null;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_TIMER, target], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const ms = Number(r.stdout);
  return r.status === 0 && Number.isFinite(ms) ? ms : null;
}

export interface StartupFigure {
  /** Starts with the code cache that the first start stored (dist/wa-archive.*.serve.cache). */
  summary: Summary;
  samples: number[];
  /** Starts without a code cache (each one after removing it): a first start after a build or upgrade. */
  firstStart: Summary;
  /** `node -e 0` from spawn to exit, the floor of any start. */
  bareNode: Summary;
  /** Median time to import each module alone (ms), costliest first. */
  imports: { module: string; ms: number }[];
}

export async function measureStartup(
  dbPath: string,
  runs: number,
): Promise<StartupFigure | { skipped: string }> {
  if (!existsSync(CLI)) return { skipped: `${CLI} is missing: run npm run build (npm run bench does)` };
  const samples: number[] = [];
  const first: number[] = [];
  const dropCodeCache = () => {
    for (const f of readdirSync(dirname(CLI)))
      if (f.endsWith('.cache')) rmSync(join(dirname(CLI), f), { force: true });
  };
  try {
    await startOnce(dbPath); // warm the file cache
    for (let i = 0; i < Math.min(runs, 5); i++) {
      dropCodeCache();
      first.push(await startOnce(dbPath));
    }
    await startOnce(dbPath); // stores the code cache of this build
    for (let i = 0; i < runs; i++) samples.push(await startOnce(dbPath));
  } catch (error) {
    return { skipped: `the server did not start: ${(error as Error).message}` };
  }
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t);
  }
  const imports: { module: string; ms: number }[] = [];
  for (const module of probes()) {
    const times = [importMs(module), importMs(module), importMs(module)].filter(
      (t): t is number => t !== null,
    );
    if (times.length) imports.push({ module, ms: round(percentile(times, 0.5), 1) });
  }
  imports.sort((a, b) => b.ms - a.ms);
  return {
    summary: summarize(samples),
    samples,
    firstStart: summarize(first),
    bareNode: summarize(bare),
    imports,
  };
}
