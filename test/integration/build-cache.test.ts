import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

/**
 * The built loader (dist/cli.js) and its V8 code cache, on a copy of the package's files (`npm test`
 * builds dist/): a server start stores a cache for the next one, help and version do not, and a
 * damaged cache is refused by V8 and replaced, never trusted.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = `${ROOT}dist`;
const NODE_MODULES = `${ROOT}node_modules`;
const tmp = tempDir();
const dist = tmp.path('dist');
cpSync(DIST, dist, { recursive: true, filter: (src) => !src.endsWith('.cache') });
// The schema and migrations ship beside dist/, as in the published package.
cpSync(`${ROOT}schema.sql`, tmp.path('schema.sql'));
cpSync(`${ROOT}migrations`, tmp.path('migrations'), { recursive: true });

afterAll(() => tmp.cleanup());

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '0' } },
})}\n`;

/** Starts `serve`, waits for the initialize response, then closes stdin and waits for the exit. */
function serveOnce(): Promise<{ response: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${dist}/cli.js`, 'serve'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: tmp.dir,
        NODE_PATH: NODE_MODULES,
        WA_ARCHIVE_DB: tmp.path('archive.db'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let response = '';
    const timer = setTimeout(() => child.kill(), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!response && out.includes('\n')) {
        response = out.split('\n')[0]!;
        child.stdin.end();
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ response, code });
    });
    child.stdin.write(INITIALIZE);
  });
}

function version(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${dist}/cli.js`, '--version'], {
      env: { PATH: process.env.PATH ?? '', NODE_PATH: NODE_MODULES },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

const caches = () => readdirSync(dist).filter((f) => f.endsWith('.cache'));

describe('the built loader', () => {
  it('stores a code cache per command after a server start and starts again with it', async () => {
    expect(await version()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(caches()).toEqual([]);
    const first = await serveOnce();
    expect(first.code).toBe(0);
    expect(JSON.parse(first.response)).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'wa-archive' } },
    });
    expect(caches()).toEqual([expect.stringMatching(/^wa-archive\.[0-9a-f]{16}\.serve\.cache$/)]);
    const second = await serveOnce();
    expect(JSON.parse(second.response)).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'wa-archive' } },
    });
  });

  it('refuses a damaged cache and replaces it', async () => {
    const [cache] = caches();
    const damaged = Buffer.alloc(4096, 7);
    writeFileSync(`${dist}/${cache}`, damaged);
    const run = await serveOnce();
    expect(JSON.parse(run.response)).toMatchObject({ id: 1, result: { serverInfo: { name: 'wa-archive' } } });
    expect(readFileSync(`${dist}/${cache}`).equals(damaged)).toBe(false);
    const again = await serveOnce();
    expect(again.code).toBe(0);
  });
});
