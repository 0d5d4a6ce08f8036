import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ArchiveError } from '../errors.js';
import { foldText } from '../text.js';
import { applyMigrations, SCHEMA_VERSION } from './migrations.js';
import { packageRoot } from './paths.js';

export type Db = Database.Database;

export interface OpenOptions {
  readOnly?: boolean;
  /**
   * Bytes of the file read through a memory map (default 256 MiB): reads then cost no system call.
   * A bulk writer that must keep its memory small passes 0.
   */
  mmapBytes?: number;
  /** Page cache in KiB (default 32 MiB). */
  cacheKiB?: number;
  /** Overrides the schema file (tests). */
  schemaSql?: string;
  /** Told when an older archive is upgraded (a migration may rebuild an index: seconds per million messages). */
  onUpgrade?: (event: { from: number; to: number; ms?: number }) => void;
}

/**
 * Opens (and creates or upgrades) the archive. A new database gets schema.sql; an older one is
 * upgraded by the numbered migrations; a newer one is refused rather than misread.
 */
export function openDb(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readOnly) mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, {
      readonly: Boolean(options.readOnly),
      fileMustExist: Boolean(options.readOnly),
    });
  } catch (error) {
    throw new ArchiveError(
      `Cannot open the archive at ${path}: ${(error as Error).message}`,
      options.readOnly
        ? 'A read-only archive must already exist: run a sync or import without WA_ARCHIVE_READ_ONLY first.'
        : 'Check WA_ARCHIVE_DB and the permissions of its folder.',
      'store',
      { cause: error },
    );
  }
  applyPragmas(
    db,
    Boolean(options.readOnly),
    options.mmapBytes ?? 256 * 1024 * 1024,
    options.cacheKiB ?? 32_000,
  );
  registerFunctions(db);
  cacheStatements(db);
  if (!options.readOnly)
    upgrade(
      db,
      options.schemaSql ?? readFileSync(join(packageRoot(), 'schema.sql'), 'utf8'),
      options.onUpgrade,
    );
  else checkVersion(db);
  return db;
}

/**
 * Repositories prepare their SQL where they use it; preparing costs about a millisecond a call on a
 * busy machine, so prepared statements are kept per SQL text (the repositories never change a
 * statement's mode, so sharing one is safe).
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db) as (sql: string) => Database.Statement;
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= 500) cache.clear();
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/** SQL functions the repositories use: fold(text) compares names without case or accents. */
function registerFunctions(db: Db): void {
  db.function('fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldText(value) : value,
  );
}

function applyPragmas(db: Db, readOnly: boolean, mmapBytes: number, cacheKiB: number): void {
  if (!readOnly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${Math.max(1000, Math.floor(cacheKiB))}`);
  db.pragma('temp_store = MEMORY');
  db.pragma(`mmap_size = ${Math.max(0, Math.floor(mmapBytes))}`);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkVersion(db: Db): void {
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new ArchiveError(
      `The archive has schema version ${version}, newer than this program understands (${SCHEMA_VERSION}).`,
      'Upgrade wa-archive (npx -y whatsapp-archive-mcp@latest).',
      'store',
    );
  }
  if (version === 0)
    throw new ArchiveError(
      'The archive is empty and cannot be created read-only.',
      'Open it once without read-only mode.',
      'store',
    );
}

function upgrade(db: Db, schemaSql: string, onUpgrade: OpenOptions['onUpgrade']): void {
  const version = schemaVersion(db);
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION) checkVersion(db);
  const started = performance.now();
  if (version > 0) onUpgrade?.({ from: version, to: SCHEMA_VERSION });
  db.transaction(() => {
    if (version === 0) db.exec(schemaSql);
    else applyMigrations(db, version);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  if (version > 0) onUpgrade?.({ from: version, to: SCHEMA_VERSION, ms: performance.now() - started });
}
