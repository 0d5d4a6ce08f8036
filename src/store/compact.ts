import { existsSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { ArchiveError, ReadOnlyError, sqliteResult, type Described } from '../errors.js';
import { formatBytes } from '../text.js';
import type { Db } from './db.js';
import type { SyncRepo } from './sync.js';

/**
 * Compaction: big imports and syncs write each chat's years of history into the time-ordered
 * message table, which leaves its pages partly filled, and the full-text index in several segments.
 * Merging the index into one segment (FTS5 'optimize') and rewriting the file (VACUUM) makes the
 * archive about a tenth smaller and searches faster. Each step is one transaction, so an interrupted
 * compaction loses nothing: a step either completes or leaves the archive as it was.
 */

export type CompactStep = 'index' | 'file';

export interface CompactResult {
  /** The database file and its write-ahead log, before and after. */
  bytesBefore: number;
  bytesAfter: number;
  /**
   * The log left after compacting: another process was reading the archive, so the rewritten pages
   * stay in the log until that process closes it (or the next compaction).
   */
  logBytes: number;
  indexMs: number;
  fileMs: number;
}

/** Bytes free to this user on the disk of a folder. */
export type FreeSpace = (dir: string) => number;

const freeSpaceOnDisk: FreeSpace = (dir) => {
  const { bavail, bsize } = statfsSync(dir);
  return bavail * bsize;
};

export class Compactor {
  constructor(
    private readonly db: Db,
    private readonly sync: Pick<SyncRepo, 'runningSync'>,
    private readonly freeSpace: FreeSpace = freeSpaceOnDisk,
  ) {}

  compact(onStep: (step: CompactStep) => void = () => undefined): CompactResult {
    if (this.db.readonly) throw new ReadOnlyError('Compacting the archive');
    // A sync (often `sync --follow`) would wait on the rewrite and give up after the busy timeout.
    const sync = this.sync.runningSync();
    if (sync)
      throw new ArchiveError(
        `A sync is running (process ${sync.pid} on ${sync.host}); compacting now would hold up its writes.`,
        'Run wa-archive compact when the sync has finished (stop `wa-archive sync --follow` first).',
        'busy',
      );
    const path = this.db.name;
    const bytesBefore = this.bytes();
    this.checkFreeSpace(path, bytesBefore);
    try {
      onStep('index');
      let started = performance.now();
      this.db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')");
      const indexMs = performance.now() - started;
      onStep('file');
      started = performance.now();
      // VACUUM copies the database into a temporary one first: on disk, not in this process's memory.
      const tempStore = this.db.pragma('temp_store', { simple: true }) as number;
      this.db.pragma('temp_store = FILE');
      try {
        this.db.exec('VACUUM');
      } finally {
        this.db.pragma(`temp_store = ${tempStore}`);
      }
      // VACUUM wrote every page through the log; fold it back into the file (when no one reads it).
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      const fileMs = performance.now() - started;
      return { bytesBefore, bytesAfter: this.bytes(), logBytes: fileSize(`${path}-wal`), indexMs, fileMs };
    } catch (error) {
      throw explain(error);
    }
  }

  private bytes(): number {
    return fileSize(this.db.name) + fileSize(`${this.db.name}-wal`);
  }

  /** VACUUM needs room for a temporary copy and for the log it rewrites the file through. */
  private checkFreeSpace(path: string, bytes: number): void {
    const folder = dirname(path);
    const temp = tmpdir();
    const sameDisk = statSync(folder).dev === statSync(temp).dev;
    const needs: [string, number][] = sameDisk
      ? [[folder, 2 * bytes]]
      : [
          [folder, bytes],
          [temp, bytes],
        ];
    for (const [dir, needed] of needs) {
      const free = this.freeSpace(dir);
      if (free < needed)
        throw new ArchiveError(
          `Compacting needs about ${formatBytes(needed)} free in ${dir}; ${formatBytes(free)} is free.`,
          DISK_HINT,
          'disk_full',
        );
    }
  }
}

function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

const DISK_HINT = 'Free some disk space (or point TMPDIR to a larger disk) and run wa-archive compact again.';

/** What a failed compaction says, by SQLite's result code (nothing was changed by the failed step). */
const FAILURES: Record<string, Described> = {
  SQLITE_BUSY: {
    message: 'Another process is writing to the archive, so it cannot be compacted now.',
    hint: 'Run wa-archive compact again when the sync or import has finished.',
    code: 'busy',
  },
  SQLITE_FULL: {
    message: 'The disk filled up while compacting; the archive is unchanged.',
    hint: DISK_HINT,
    code: 'disk_full',
  },
};

function explain(error: unknown): unknown {
  const failure = FAILURES[sqliteResult(error) ?? ''];
  return failure ? new ArchiveError(failure.message, failure.hint, failure.code, { cause: error }) : error;
}
