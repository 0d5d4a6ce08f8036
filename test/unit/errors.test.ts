import { openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError, describeError, sqliteResult } from '../../src/errors.js';
import { tempDir, thrown } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A database with one table of 2,000 rows (several pages). */
function filled(name: string): string {
  const path = tmp.path(name);
  const db = new Database(path);
  db.exec('CREATE TABLE t (x TEXT)');
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`${'x'.repeat(100)}${i}`);
  })();
  db.close();
  return path;
}

describe('describeError', () => {
  it('passes an ArchiveError through, and calls anything else unexpected', () => {
    expect(describeError(new ArchiveError('Nope.', 'Do this.', 'not_found'))).toEqual({
      message: 'Nope.',
      hint: 'Do this.',
      code: 'not_found',
    });
    expect(describeError(new Error('boom'))).toEqual({
      message: 'Unexpected error: boom',
      hint: 'Run `wa-archive doctor` and check the log on stderr.',
      code: 'internal',
    });
    expect(describeError('text').message).toBe('Unexpected error: text');
    expect(describeError(null).code).toBe('internal');
  });

  it('says the archive is busy when another connection holds the write lock', () => {
    const path = filled('busy.db');
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    const other = new Database(path, { timeout: 0 });
    const error = thrown(() => other.exec('BEGIN IMMEDIATE'));
    holder.exec('ROLLBACK');
    holder.close();
    other.close();
    expect(describeError(error)).toEqual({
      message: 'The archive is busy: another process (a compaction, sync or import) is writing to it.',
      hint: 'Try again when that process has finished.',
      code: 'busy',
    });
  });

  it('says the disk is full when the database may not grow', () => {
    const db = new Database(filled('full.db'));
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const error = thrown(() => db.prepare('INSERT INTO t VALUES (?)').run('y'.repeat(100_000)));
    db.close();
    expect(describeError(error)).toMatchObject({
      code: 'disk_full',
      hint: 'Free some disk space and try again.',
    });
  });

  it('says the file is not an archive, or is damaged', () => {
    const garbage = tmp.path('garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    const notDb = thrown(() => new Database(garbage).pragma('user_version'));
    expect(describeError(notDb)).toMatchObject({
      message: 'WA_ARCHIVE_DB names a file that is not a wa-archive archive (or it is encrypted).',
      code: 'store',
    });

    const damaged = filled('damaged.db');
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 4096 * 3);
    closeSync(fd);
    const db = new Database(damaged);
    const corrupt = thrown(() => db.prepare('SELECT sum(length(x)) FROM t').get());
    db.close();
    expect(describeError(corrupt)).toMatchObject({ message: 'The archive file is damaged.', code: 'store' });
  });

  it('reads SQLite primary result codes, extended codes included', () => {
    expect(sqliteResult({ code: 'SQLITE_BUSY_SNAPSHOT' })).toBe('SQLITE_BUSY');
    expect(sqliteResult({ code: 'SQLITE_FULL' })).toBe('SQLITE_FULL');
    expect(sqliteResult({ code: 'ENOENT' })).toBeUndefined();
    expect(sqliteResult(new Error('x'))).toBeUndefined();
    expect(sqliteResult(undefined)).toBeUndefined();
  });
});
