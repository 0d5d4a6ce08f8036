import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError } from '../../src/errors.js';
import { openDb, schemaVersion } from '../../src/store/db.js';
import {
  applyMigrations,
  loadMigrations,
  MIGRATIONS_DIR,
  SCHEMA_VERSION,
} from '../../src/store/migrations.js';
import { Store } from '../../src/store/index.js';
import { parseSearchQuery } from '../../src/store/search-query.js';
import { seedCorpus } from '../helpers/corpus.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SCHEMA_SQL = readFileSync(join(MIGRATIONS_DIR, '..', 'schema.sql'), 'utf8');

/** The schema of a database as comparable text: every object's SQL with comments and spacing normalised. */
function schemaOf(db: Database.Database): string[] {
  return db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all()
    .map((r) => `${r.type} ${r.name} ON ${r.tbl_name}: ${normalise(r.sql ?? '')}`);
}

function normalise(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),;])\s*/g, '$1')
    .trim();
}

/** A database built the old way: version 0 plus every migration file, as an old install would end up. */
function migratedFromZero(path: string, upTo = Infinity): Database.Database {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  db.transaction(() => {
    for (const m of loadMigrations()) if (m.version <= upTo) db.exec(m.sql);
    db.pragma(`user_version = ${Math.min(upTo, SCHEMA_VERSION)}`);
  })();
  return db;
}

/** The schema of a new database built from `schemaSql`. */
function schemaFrom(path: string, schemaSql: string): string[] {
  const db = openDb(path, { schemaSql });
  try {
    return schemaOf(db);
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('are numbered 1..N without holes, and N is the schema version this program writes', () => {
    const migrations = loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[migrations.length - 1]!.version).toBe(SCHEMA_VERSION);
  });

  it('give the same schema as schema.sql, from version 0', () => {
    const fresh = openDb(tmp.path('fresh.db'));
    const migrated = migratedFromZero(tmp.path('migrated.db'));
    try {
      const expected = schemaOf(fresh);
      expect(expected.length).toBeGreaterThan(10);
      expect(schemaOf(migrated)).toEqual(expected);
      expect(schemaVersion(fresh)).toBe(SCHEMA_VERSION);
    } finally {
      fresh.close();
      migrated.close();
    }
  });

  it('compare schemas closely enough to see a changed column, index or trigger', () => {
    const base = schemaFrom(tmp.path('base.db'), SCHEMA_SQL);
    const changes = [
      SCHEMA_SQL.replace('push_name TEXT,', 'push_name TEXT, nickname TEXT,'),
      SCHEMA_SQL.replace('ON contacts (instance_id, phone)', 'ON contacts (phone, instance_id)'),
      SCHEMA_SQL.replace('message_count = message_count - 1', 'message_count = message_count - 2'),
      SCHEMA_SQL.replace('remove_diacritics 2', 'remove_diacritics 1'),
    ];
    changes.forEach((sql, i) => {
      expect(sql).not.toBe(SCHEMA_SQL);
      expect(schemaFrom(tmp.path(`changed-${i}.db`), sql)).not.toEqual(base);
    });
  });

  it('give the same schema through applyMigrations inside openDb, from every older version', () => {
    const fresh = openDb(tmp.path('fresh-2.db'));
    const expected = schemaOf(fresh);
    fresh.close();
    for (let version = 1; version < SCHEMA_VERSION; version++) {
      const path = tmp.path(`v${version}.db`);
      migratedFromZero(path, version).close();
      const upgraded = openDb(path);
      expect(schemaVersion(upgraded), `from ${version}`).toBe(SCHEMA_VERSION);
      expect(schemaOf(upgraded), `from ${version}`).toEqual(expected);
      upgraded.close();
    }
    // applyMigrations from 0 on an empty database is the same as schema.sql.
    const db = new Database(tmp.path('apply.db'));
    db.transaction(() => applyMigrations(db, 0))();
    expect(schemaOf(db)).toEqual(expected);
    db.close();
  });

  it('rebuild the full-text index without per-message token counts (version 3), keeping every match', () => {
    const path = tmp.path('v2-with-messages.db');
    const store = Store.open(path);
    seedCorpus(store);
    const search = (s: Store, query: string) =>
      s.search
        .search({ query: parseSearchQuery(query), sort: 'relevance', limit: 100 })
        .hits.map((h) => h.id);
    const queries = ['orcamento', 'reuniao OR boleto', '"nota fiscal"', 'ped*'];
    const before = queries.map((q) => search(store, q));
    expect(before.flat().length).toBeGreaterThan(5);
    store.close();
    // The version-2 index: same columns, with FTS5's docsize table.
    const old = new Database(path);
    old.exec(`DROP TABLE messages_fts_terms; DROP TABLE messages_fts;
      CREATE VIRTUAL TABLE messages_fts USING fts5 (text, tags, content = 'messages', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '3');
      CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab (messages_fts, row);
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');`);
    old.pragma('user_version = 2');
    expect(
      old.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'messages_fts_docsize'").get(),
    ).toEqual({ n: 1 });
    old.close();

    const events: { from: number; to: number; ms?: number }[] = [];
    const upgraded = Store.open(path, { onUpgrade: (e) => events.push(e) });
    expect(events).toEqual([
      { from: 2, to: SCHEMA_VERSION },
      { from: 2, to: SCHEMA_VERSION, ms: expect.any(Number) as number },
    ]);
    expect(schemaVersion(upgraded.db)).toBe(SCHEMA_VERSION);
    expect(
      upgraded.db
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'messages_fts_docsize'")
        .get(),
    ).toEqual({ n: 0 });
    expect(queries.map((q) => search(upgraded, q))).toEqual(before);
    upgraded.close();
  });

  it('leave a current database untouched when it is opened again', () => {
    const path = tmp.path('reopen.db');
    const upgrades: unknown[] = [];
    const store = Store.open(path, { onUpgrade: (e) => upgrades.push(e) });
    const instance = store.instances.ensure('greenapi', '1101');
    store.close();
    const again = Store.open(path, { onUpgrade: (e) => upgrades.push(e) });
    // Neither a new archive nor a current one counts as an upgrade.
    expect(upgrades).toEqual([]);
    expect(again.instances.get(instance)?.external_id).toBe('1101');
    expect(schemaVersion(again.db)).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('set the pragmas the store relies on', () => {
    const db = openDb(tmp.path('pragmas.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    db.close();
  });

  it('schema.sql creates STRICT tables and an FTS5 index with accent folding', () => {
    expect(SCHEMA_SQL).toMatch(/CREATE TABLE messages \([\s\S]*?\) STRICT;/);
    const db = openDb(tmp.path('fts.db'));
    const sql = db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'")
      .get()!.sql;
    expect(sql).toMatch(/fts5/i);
    expect(sql).toMatch(/remove_diacritics 2/);
    db.close();
  });
});

describe('opening an archive of another version', () => {
  function withVersion(name: string, version: number): string {
    const path = tmp.path(name);
    const db = openDb(path);
    db.pragma(`user_version = ${version}`);
    db.close();
    return path;
  }

  it('refuses a newer database with a clear error and leaves it unchanged', () => {
    const path = withVersion('newer.db', SCHEMA_VERSION + 1);
    let error: unknown;
    try {
      openDb(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).message).toBe(
      `The archive has schema version ${SCHEMA_VERSION + 1}, newer than this program understands (${SCHEMA_VERSION}).`,
    );
    expect((error as ArchiveError).hint).toMatch(/Upgrade wa-archive/);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    raw.close();
  });

  it('refuses a newer database in read-only mode too', () => {
    const path = withVersion('newer-ro.db', SCHEMA_VERSION + 5);
    expect(() => openDb(path, { readOnly: true })).toThrow(/newer than this program understands/);
  });

  it('opens a current database read-only and refuses to write', () => {
    const path = tmp.path('ro.db');
    Store.open(path).close();
    const store = Store.open(path, { readOnly: true });
    expect(store.instances.list()).toEqual([]);
    expect(() => store.instances.ensure('greenapi', '1')).toThrow(/readonly/i);
    store.close();
  });

  it('refuses to create a database in read-only mode', () => {
    let error: unknown;
    try {
      openDb(tmp.path('missing/none.db'), { readOnly: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).message).toMatch(/Cannot open the archive at .*none\.db/);
    expect((error as ArchiveError).hint).toMatch(/WA_ARCHIVE_READ_ONLY/);
  });
});
