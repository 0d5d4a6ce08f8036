import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { SEED_MESSAGES, seedCorpus, TIME_ZONE } from '../helpers/corpus.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The BUILT program (`npm test` builds dist/ first): the MCP server on stdio as a client launches
 * it, and the CLI commands people run.
 */

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmp = tempDir();
const dbPath = tmp.path('data/archive.db');

/** A clean environment: nothing from the developer's shell (no Green API credentials, no .env). */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: tmp.dir,
    TZ: 'UTC',
    WA_ARCHIVE_DB: dbPath,
    WA_ARCHIVE_TIMEZONE: TIME_ZONE,
    ...extra,
  };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end (asynchronously, so that the runs below start together). */
function runCli(args: string[], extra: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: tmp.dir,
      env: env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every CLI run of the tests below, started at once in beforeAll (Node start-up dominates their time). */
const RUNS = {
  doctor: [['doctor', '--json']],
  doctorWithInstance: [
    ['doctor', '--json'],
    { GREEN_API_ID_INSTANCE: '1101000001', GREEN_API_TOKEN_INSTANCE: 'secret-token-abcdef' },
  ],
  searchTable: [['search', 'orcamento', '--chat', 'BMA', '--sort', 'oldest']],
  searchJson: [['search', 'orçamento', 'costela', '--json']],
  searchOnlyExcluded: [['search', '--', '-boleto']],
  searchBadSince: [['search', 'orcamento', '--since', 'ontem']],
  chatsJson: [['chats', '--json', '--type', 'group', '--sort', 'name']],
  chatsTable: [['chats', 'joão']],
  badConfigEnv: [['doctor'], { WA_ARCHIVE_TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'loud' }],
  badConfigFlags: [['doctor', '--timezone', 'Mars/Olympus', '--log-level', 'loud']],
  version: [['--version']],
  unknownCommand: [['frobnicate']],
  unknownFlag: [['chats', '--frobnicate']],
} satisfies Record<string, [string[]] | [string[], Record<string, string>]>;
type RunName = keyof typeof RUNS;
const runs = {} as Record<RunName, Run>;
const cli = (name: RunName): Run => runs[name];

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
  const store = Store.open(dbPath);
  seedCorpus(store);
  store.close();
  const names = Object.keys(RUNS) as RunName[];
  const done = await Promise.all(
    names.map((name) => runCli(...(RUNS[name] as [string[], Record<string, string>?]))),
  );
  names.forEach((name, i) => (runs[name] = done[i]!));
});

afterAll(() => tmp.cleanup());

describe('wa-archive serve (stdio)', () => {
  it('serves MCP to an SDK client: initialize, listTools, search, status', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve'],
      env: env({ LOG_LEVEL: 'debug' }),
      cwd: tmp.dir,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'stdio-smoke', version: '0.0.0' });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'wa-archive' });
      expect(client.getInstructions()).toMatch(/untrusted|never as instructions/i);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          'search_messages',
          'get_contact_history',
          'list_chats',
          'get_message_context',
          'get_sync_status',
        ]),
      );
      const found = (await client.callTool({
        name: 'search_messages',
        arguments: { query: 'orcamento', limit: 5 },
      })) as CallToolResult;
      expect(found.isError).toBeFalsy();
      expect(found.structuredContent).toMatchObject({ total: 13, has_more: true });
      const status = (await client.callTool({ name: 'get_sync_status', arguments: {} })) as CallToolResult;
      expect((status.structuredContent as { instances: unknown[] }).instances).toHaveLength(3);
      const bad = (await client.callTool({
        name: 'search_messages',
        arguments: { query: '-boleto' },
      })) as CallToolResult;
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
    // Nothing but protocol reached the client on stdout (a stray line would be a parse error here).
    expect(errors).toEqual([]);
    // The logs went to stderr (debug level logs the refused query).
    expect(stderr).toMatch(/"level":"debug"/);
  });

  it('stops at start, with the error and the next step, when the archive cannot be opened', async () => {
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd: tmp.dir,
      env: env({ WA_ARCHIVE_DB: tmp.path('missing/archive.db'), WA_ARCHIVE_READ_ONLY: 'true' }),
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // The client keeps stdin open: the server must exit by itself.
    child.stdin.write(
      `${JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: LATEST_PROTOCOL_VERSION,
          capabilities: {},
          clientInfo: { name: 'x', version: '0' },
        },
      })}\n`,
    );
    const timer = setTimeout(() => child.kill(), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    child.stdin.destroy();
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Error: Cannot open the archive at .*missing\/archive\.db/m);
    expect(stderr).toMatch(/^Next step: A read-only archive must already exist/m);
  });

  it('writes nothing but JSON-RPC messages on stdout, even with debug logging', async () => {
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd: tmp.dir,
      env: env({ LOG_LEVEL: 'trace' }),
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const send = (message: object) =>
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'raw', version: '0' },
      },
    });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
    send({
      id: 3,
      method: 'tools/call',
      params: { name: 'search_messages', arguments: { query: 'reunião' } },
    });
    send({
      id: 4,
      method: 'tools/call',
      params: { name: 'get_contact_history', arguments: { contact: 'Maria' } },
    });
    send({
      id: 5,
      method: 'tools/call',
      params: { name: 'get_message_context', arguments: { message_id: 1 } },
    });
    // Wait for the five answers, then hang up: the server must exit by itself.
    const deadline = Date.now() + 15_000;
    while ((stdout.match(/\n/g) ?? []).length < 5 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    child.stdin.end();
    const timer = setTimeout(() => child.kill(), 10_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code).toBe(0);

    const lines = stdout.split('\n').filter((l) => l !== '');
    const messages = lines.map((line) => {
      const parsed = JSON.parse(line) as {
        jsonrpc?: string;
        id?: number;
        result?: { isError?: boolean; structuredContent?: { total?: number } };
      };
      expect(parsed.jsonrpc, line).toBe('2.0');
      return parsed;
    });
    // Answers may come in any order; each request gets exactly one.
    messages.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    expect(messages.map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(messages[2]!.result?.structuredContent?.total).toBe(
      SEED_MESSAGES.filter((m) => /reuni[ãa]o/i.test(m.text ?? '')).length,
    );
    expect(messages[3]!.result?.isError).toBe(true);
    expect(messages[4]!.result?.isError).toBe(true);
    expect(stderr).not.toBe('');
    for (const line of stderr.split('\n').filter(Boolean)) expect(() => JSON.parse(line), line).not.toThrow();
  });
});

describe('wa-archive CLI', () => {
  it('doctor --json reports the archive', () => {
    const { code, stdout, stderr } = cli('doctor');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      db_path: dbPath,
      schema_version: SCHEMA_VERSION,
      schema_version_expected: SCHEMA_VERSION,
      read_only: false,
      time_zone: TIME_ZONE,
      default_country: 'BR',
      green_api_instances: [],
      counts: {
        instances: 3,
        chats: 8,
        messages: SEED_MESSAGES.length,
        imports: 0,
        first_message_at: '2023-08-01T10:00:00-03:00',
        last_message_at: '2025-06-14T18:01:00-03:00',
      },
    });
    expect(report.problems).toEqual([expect.stringMatching(/No Green API instance configured/)]);
    expect(report.db_bytes).toBeGreaterThan(0);
  });

  it('doctor lists configured instances without their tokens', () => {
    const { code, stdout, stderr } = cli('doctorWithInstance');
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      green_api_instances: [{ id_instance: '1101000001', name: null }],
      problems: [],
    });
    expect(stdout).not.toContain('secret-token-abcdef');
  });

  it('search prints a table, and JSON with --json', () => {
    const table = cli('searchTable');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+CHAT\s+FROM\s+MESSAGE\s+ID$/);
    expect(lines.slice(2, 5).map((l) => l.slice(0, 25))).toEqual([
      '2025-02-11T10:00:00-03:00',
      '2025-02-11T10:30:00-03:00',
      '2025-03-15T07:30:00-03:00',
    ]);
    expect(lines[2]).toContain('Perfeito, **orçamento** aprovado pelo cliente');
    expect(lines.at(-1)).toBe('3 matches');

    const json = cli('searchJson');
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { total: number; hits: { snippet: string }[] };
    expect(out.total).toBe(2);
    expect(out.hits.map((h) => h.snippet).sort()).toEqual([
      '**Orçamento**-**costela**.pdf',
      'Quero um **orçamento** de **costela** para sábado',
    ]);
  });

  it('search exits non-zero with a message and a next step on a bad query', () => {
    const { code, stdout, stderr } = cli('searchOnlyExcluded');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'Error: The query only excludes words; it needs at least one word to look for.\nNext step: Add a word to find, e.g. `boleto -pago`.\n',
    );
    const since = cli('searchBadSince');
    expect(since.code).toBe(1);
    expect(since.stderr).toMatch(/since "ontem" is not a date/);
  });

  it('chats --json lists the chats', () => {
    const { code, stdout, stderr } = cli('chatsJson');
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout) as { total: number; chats: { name: string; message_count: number }[] };
    expect(out.total).toBe(2);
    expect(out.chats.map((c) => [c.name, c.message_count])).toEqual([
      ['Boi Gaucho X BMA', 6],
      ['Fornecedores BMA', 2],
    ]);
    const table = cli('chatsTable');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/João Silva\s+private\s+\+55 31 99876-5432\s+11/);
    expect(table.stdout.trimEnd().split('\n').at(-1)).toBe('2 chats');
  });

  it('refuses an invalid configuration, listing every problem', () => {
    const { code, stdout, stderr } = cli('badConfigEnv');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Error: Invalid configuration:/);
    expect(stderr).toMatch(/WA_ARCHIVE_TIMEZONE \(--timezone\): not an IANA time zone/);
    expect(stderr).toMatch(/LOG_LEVEL \(--log-level\): .*"silent"/);
    expect(stderr).toMatch(/Next step: /);
    // The same through flags.
    const flags = cli('badConfigFlags');
    expect(flags.code).not.toBe(0);
    expect(flags.stderr).toMatch(/WA_ARCHIVE_TIMEZONE[\s\S]*LOG_LEVEL/);
  });

  it('answers --version and rejects unknown commands and flags', () => {
    expect(cli('version')).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const unknown = cli('unknownCommand');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
    const flag = cli('unknownFlag');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/frobnicate/);
  });
});
