import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveError, ReadOnlyError } from '../../src/errors.js';
import { Compactor, type CompactStep } from '../../src/store/compact.js';
import { Store } from '../../src/store/index.js';
import { parseSearchQuery } from '../../src/store/search-query.js';
import type { NewMessage } from '../../src/store/types.js';
import { tempDir } from '../helpers/tmp.js';

const T0 = 1_600_000_000;
const WORDS = ['orçamento', 'boleto', 'nota fiscal', 'geladeira', 'reunião', 'pix', 'entrega', 'OS 30415'];

let tmp: ReturnType<typeof tempDir>;
let path: string;
let store: Store;
let chats: number[];

/**
 * An archive written as an import writes it: one chat at a time, each over the whole span, so the
 * time-ordered message table fills its pages out of order.
 */
beforeEach(() => {
  tmp = tempDir();
  path = tmp.path('archive.db');
  store = Store.open(path);
  const instance = store.instances.ensure('greenapi', '1101');
  chats = [];
  for (let c = 0; c < 20; c++) {
    const chat = store.chats.upsert({ instanceId: instance, waId: `55319900000${c}@c.us`, type: 'private' });
    chats.push(chat);
    const messages: NewMessage[] = [];
    for (let i = 0; i < 300; i++) {
      const words = [WORDS[(c + i) % WORDS.length], WORDS[(c * 7 + i * 3) % WORDS.length]];
      messages.push({
        waId: `m-${c}-${i}`,
        ts: T0 + i * 86_400 + c * 61,
        direction: i % 2 ? 'in' : 'out',
        senderWaId: i % 2 ? `55319900000${c}@c.us` : null,
        senderName: null,
        type: 'text',
        text: `Mensagem ${i}: ${words.join(' e ')} ${'detalhe '.repeat(i % 5)}`,
        source: 'api',
      });
    }
    store.write(() => store.messages.save(instance, chat, messages));
  }
});

afterEach(() => {
  store.close();
  tmp.cleanup();
});

function results(s: Store): unknown[] {
  const queries = ['orcamento', '"nota fiscal"', 'boleto -pix', 'reuni*', 'geladeira OR entrega'];
  return queries.flatMap((q) =>
    (['relevance', 'newest'] as const).flatMap((sort) => [
      s.search.search({ query: parseSearchQuery(q), sort, limit: 50 }),
      s.search.search({ query: parseSearchQuery(q), sort, limit: 50, chatIds: [chats[3]!] }),
    ]),
  );
}

/** Segments of the full-text index (FTS5 keeps one row per segment and leaf in its _idx table). */
function segments(s: Store): number {
  return s.db.prepare<[], { n: number }>('SELECT count(DISTINCT segid) AS n FROM messages_fts_idx').get()!.n;
}

describe('compacting the archive', () => {
  it('makes the file smaller, merges the index into one segment and changes no result', () => {
    const before = results(store);
    expect(segments(store)).toBeGreaterThan(1);
    const steps: CompactStep[] = [];
    const result = store.compactor.compact((step) => steps.push(step));

    expect(steps).toEqual(['index', 'file']);
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore);
    // Everything is back in the file: the log is empty.
    expect(result.bytesAfter).toBe(statSync(path).size);
    expect(result.logBytes).toBe(0);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(segments(store)).toBe(1);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
    expect(results(store)).toEqual(before);
    // The connection keeps its own temporary storage setting (memory) afterwards.
    expect(store.db.pragma('temp_store', { simple: true })).toBe(2);

    // Opened again, the archive answers the same.
    store.close();
    store = Store.open(path);
    expect(results(store)).toEqual(before);
  });

  it('can run again on a compacted archive', () => {
    const first = store.compactor.compact();
    const second = store.compactor.compact();
    expect(second.bytesBefore).toBe(first.bytesAfter);
    expect(second.bytesAfter).toBe(first.bytesAfter);
  });

  it('is refused on a read-only archive', () => {
    store.close();
    store = Store.open(path, { readOnly: true });
    expect(() => store.compactor.compact()).toThrow(ReadOnlyError);
    expect(() => store.compactor.compact()).toThrow(
      /Compacting the archive is not allowed: the archive is read-only/,
    );
  });

  it('completes while another process reads, and reports the log that reader keeps until it is done', () => {
    const before = results(store);
    const reader = new Database(path);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM messages').get();
    store.db.pragma('busy_timeout = 20');
    let result;
    try {
      result = store.compactor.compact();
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    expect(result.logBytes).toBeGreaterThan(0);
    expect(result.bytesAfter).toBe(statSync(path).size + result.logBytes);
    expect(results(store)).toEqual(before);
    // Once the reader is gone, the log folds into the file, which is then smaller than before.
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(statSync(path).size).toBeLessThan(result.bytesBefore);
    expect(results(store)).toEqual(before);
  });

  it('refuses to start without room for the temporary copy and the log, and leaves the archive as it was', () => {
    const size = statSync(path).size + statSync(`${path}-wal`).size;
    const asked: string[] = [];
    const tight = new Compactor(store.db, store.sync, (dir) => {
      asked.push(dir);
      return 2 * size - 1;
    });
    expect(() => tight.compact()).toThrow(
      expect.objectContaining({
        code: 'disk_full',
        message: expect.stringMatching(
          /^Compacting needs about [\d.]+ [kMG]B free in .+; [\d.]+ [kMG]B is free\.$/,
        ),
        hint: expect.stringMatching(/Free some disk space/),
      }),
    );
    expect(asked.length).toBeGreaterThan(0);
    expect(segments(store)).toBeGreaterThan(1);
    expect(statSync(path).size + statSync(`${path}-wal`).size).toBe(size);
    // With room enough, it runs.
    expect(new Compactor(store.db, store.sync, () => 2 * size).compact().bytesAfter).toBeLessThan(size);
  });

  it('says the disk filled up when a write fails for room, and leaves the archive as it was', () => {
    const before = results(store);
    // The database may not grow: the same failure as a full disk.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    expect(() => store.compactor.compact()).toThrow(
      expect.objectContaining({
        code: 'disk_full',
        message: 'The disk filled up while compacting; the archive is unchanged.',
      }),
    );
    store.db.pragma('max_page_count = 1073741823');
    expect(segments(store)).toBeGreaterThan(1);
    expect(results(store)).toEqual(before);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('waits for a running sync, and takes no notice of a lock its dead process left', () => {
    const instance = store.instances.ensure('greenapi', '1101');
    store.sync.acquireLock(instance, T0);
    expect(() => store.compactor.compact()).toThrow(
      expect.objectContaining({
        code: 'busy',
        message: expect.stringMatching(
          /^A sync is running \(process \d+ on .+\); compacting now would hold up its writes\.$/,
        ),
        hint: 'Run wa-archive compact when the sync has finished (stop `wa-archive sync --follow` first).',
      }),
    );
    expect(segments(store)).toBeGreaterThan(1);
    store.sync.releaseLock(instance);
    // A process that no longer runs (pid far above any in use) holds nothing.
    store.db
      .prepare(
        'INSERT INTO sync_locks (instance_id, pid, host, acquired_at, process_started_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(instance, 2 ** 22 + 1, hostname(), T0, 1);
    expect(store.compactor.compact().bytesAfter).toBeGreaterThan(0);
    expect(segments(store)).toBe(1);
  });

  it('says another process is writing when it cannot get the archive, and leaves it as it was', () => {
    const count = () => store.db.prepare('SELECT count(*) AS n FROM messages').get();
    const held = count();
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    store.db.pragma('busy_timeout = 20');
    let error: unknown;
    try {
      store.compactor.compact();
    } catch (e) {
      error = e;
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).code).toBe('busy');
    expect((error as ArchiveError).message).toBe(
      'Another process is writing to the archive, so it cannot be compacted now.',
    );
    expect((error as ArchiveError).hint).toMatch(/when the sync or import has finished/);
    expect(count()).toEqual(held);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
