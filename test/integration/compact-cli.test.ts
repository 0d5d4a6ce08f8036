/**
 * `wa-archive compact` in a child process (the built CLI): human and JSON output, the archive's
 * answers unchanged, and the refusal on a read-only archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/store/search-query.js';
import { seedCorpus } from '../helpers/corpus.js';
import { importEnv, runCli, type ImportEnv } from '../helpers/import.js';

let env: ImportEnv;

beforeAll(() => {
  env = importEnv('wa-compact-cli-');
  seedCorpus(env.store);
});
afterAll(() => env.close());

const found = () =>
  ['orcamento', '"nota fiscal"', 'boleto OR pix'].map((q) =>
    env.store.search
      .search({ query: parseSearchQuery(q), sort: 'relevance', limit: 100 })
      .hits.map((h) => h.id),
  );

describe('wa-archive compact', () => {
  it('rewrites the archive, says what it saved, and every search answers as before', async () => {
    const before = found();
    expect(before.flat().length).toBeGreaterThan(5);
    const run = await runCli(env, ['compact']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('compact: merging the search index…\ncompact: rewriting the archive file…\n');
    expect(run.stdout).toMatch(
      /^Compacted .*archive\.db: [\d.]+ [kMG]B -> [\d.]+ [kMG]B \([\d.]+ [kMG]B (smaller|larger)\) in \d+\.\d s \(search index \d+\.\d s, file \d+\.\d s\)\.\n$/,
    );
    expect(found()).toEqual(before);
  });

  it('--json gives the sizes and times', async () => {
    const run = await runCli(env, ['compact', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result)).toEqual([
      'db_path',
      'bytes_before',
      'bytes_after',
      'log_bytes',
      'index_ms',
      'file_ms',
    ]);
    expect(result.db_path).toBe(env.dbPath);
    expect(result.bytes_after).toBeGreaterThan(0);
    // Already compact: a second run saves nothing.
    expect(result.bytes_after).toBe(result.bytes_before);
    expect(result.log_bytes).toBe(0);
  });

  it('says when a reader keeps the log, and the log folds in once the reader is done', async () => {
    // A read transaction held open, as a server answering a long call would (the CLI waits 5 s for it).
    env.store.db.exec('BEGIN');
    env.store.db.prepare('SELECT count(*) FROM messages').get();
    const run = await runCli(env, ['compact']);
    env.store.db.exec('COMMIT');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /\n[\d.]+ [kMG]B of that is the archive's log, kept because another process \(a running server\?\) was reading the archive; it is folded into the file at the latest when that process closes the archive\.\n$/,
    );
    expect(env.store.db.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
  });

  it('is refused on a read-only archive with the next step', async () => {
    const run = await runCli(env, ['compact'], { WA_ARCHIVE_READ_ONLY: 'true' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'Error: Compacting the archive is not allowed: the archive is read-only.\n' +
        'Next step: Unset WA_ARCHIVE_READ_ONLY (or --read-only) to allow writes.\n',
    );
  });
});
