import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './db.js';
import { packageRoot } from './paths.js';

/**
 * Numbered migrations live in migrations/NNNN-name.sql at the package root. A new database gets
 * schema.sql directly; an older one runs every migration above its user_version. A test proves both
 * paths end at the same schema, so schema.sql stays the single source of the current shape.
 */
export const MIGRATIONS_DIR = join(packageRoot(), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** The schema version this program writes: the number of the newest migration. */
export const SCHEMA_VERSION = 3;

/** Runs, inside the caller's transaction, every migration newer than `fromVersion`. */
export function applyMigrations(db: Db, fromVersion: number, dir?: string): void {
  for (const migration of loadMigrations(dir)) {
    if (migration.version > fromVersion) db.exec(migration.sql);
  }
}
