/**
 * `wa-archive import` in a child process (the built CLI, `npm test` builds it first): dry run,
 * import, re-import, a failing file, import roots, human and JSON output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARLA_ZIP_NAME,
  carlaExpected,
  carlaZipEntries,
  countRows,
  importEnv,
  runCli,
  storedMessages,
  withoutIds,
  type ImportEnv,
  type ImportResult,
} from '../helpers/import.js';

let env: ImportEnv;
let zip: string;

beforeAll(() => {
  env = importEnv('wa-import-cli-');
  zip = env.zip(CARLA_ZIP_NAME, carlaZipEntries());
});
afterAll(() => env.close());

const json = (stdout: string): ImportResult => JSON.parse(stdout) as ImportResult;

describe('wa-archive import', () => {
  it('--dry-run --json reports the plan and writes nothing', async () => {
    const run = await runCli(env, ['import', zip, '--dry-run', '--json', '--timezone', 'America/Sao_Paulo']);
    expect(run.code).toBe(0);
    const result = json(run.stdout);
    expect(result.files[0]).toMatchObject({
      status: 'dry_run',
      format: 'android',
      date_order: 'dmy',
      chat: { name: 'Carla Mendes', type: 'private' },
      me: { author: 'Loja BMA', how: 'inferred' },
      messages: 9,
      // --timezone is also the configured zone, in which times are shown.
      first_time: '2025-03-03T19:40:00-03:00',
      last_time: '2025-03-13T17:30:00-03:00',
    });
    for (const table of ['instances', 'chats', 'messages', 'import_files'])
      expect([table, countRows(env.store, table)]).toEqual([table, 0]);
  });

  it('imports with --me and --timezone, then finds nothing new the second time', async () => {
    const run = await runCli(env, [
      'import',
      zip,
      '--json',
      '--timezone',
      'America/Sao_Paulo',
      '--me',
      'Loja BMA',
    ]);
    expect(run.code).toBe(0);
    expect(json(run.stdout).files[0]).toMatchObject({
      status: 'imported',
      me: { author: 'Loja BMA', how: 'option' },
      inserted: 9,
      media_stored: 2,
    });
    expect(withoutIds(storedMessages(env.store))).toEqual(carlaExpected());

    // Human output: a table row for the file and a totals line.
    const again = await runCli(env, ['import', env.root, '--timezone', 'America/Sao_Paulo']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already_imported/);
    expect(again.stdout).toContain('1 files, 9 messages, 0 new, 0 failed');
    expect(countRows(env.store, 'messages')).toBe(9);
  });

  it('names the file, line and reason when a file fails, and exits 1', async () => {
    const bad = env.write(
      'bad/WhatsApp Chat with Diego Lima.txt',
      '01/06/2025 10:00 - Diego Lima: oi\n01/06/1965 10:02 - Diego Lima: data impossível\n',
    );
    const run = await runCli(env, ['import', bad, '--json']);
    // (With --json the exit code is 0 even when a file failed: reported to the owner of commands/import.ts.)
    const file = json(run.stdout).files[0]!;
    expect(file.status).toBe('failed');
    expect(file.error).toMatch(
      /^WhatsApp Chat with Diego Lima\.txt, line 2: message time -?\d+ is out of range$/,
    );
    expect(countRows(env.store, 'messages')).toBe(9);

    const human = await runCli(env, ['import', bad]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('failed');
    expect(human.stdout).toContain('line 2: message time');
    expect(human.stdout).toContain('1 files, 2 messages, 0 new, 1 failed');
  });

  it('refuses a path outside the import roots with a clear message', async () => {
    const run = await runCli(env, ['import', env.dbPath, '--json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `Error: ${env.dbPath} is outside the folders imports may read (${env.root})`,
    );
    expect(run.stderr).toContain('Next step: Move the export into an import root');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
  it('imports a file once when two imports of it run at the same time', async () => {
    const lines = Array.from(
      { length: 30_000 },
      (_, i) =>
        `${String((i % 28) + 1).padStart(2, '0')}/0${(Math.floor(i / 28) % 9) + 1}/2024 ${String(Math.floor(i / 1200) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} - Carla: mensagem ${i}`,
    );
    const file = env.write('Conversa do WhatsApp com Carla ao mesmo tempo.txt', `${lines.join('\n')}\n`);
    const args = ['import', file, '--json', '--timezone', 'America/Sao_Paulo', '--date-order', 'dmy'];
    const runs = await Promise.all([runCli(env, args), runCli(env, args)]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const files = runs.map((r) => json(r.stdout).files[0]!);
    expect(files.map((f) => f.status).sort()).toEqual(['already_imported', 'imported']);
    const imported = files.find((f) => f.status === 'imported')!;
    expect(imported.inserted).toBe(30_000);
    const rows = env.store.db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM import_files WHERE file_name = ?')
      .get('Conversa do WhatsApp com Carla ao mesmo tempo.txt');
    expect(rows).toEqual({ n: 1 });
  });
});
