import { hostname } from 'node:os';
import { ArchiveError } from '../errors.js';
import type { Db } from './db.js';

export interface SyncStateRow {
  chat_id: number;
  newest_ts: number | null;
  newest_wa_id: string | null;
  oldest_ts: number | null;
  oldest_wa_id: string | null;
  history_complete: number;
  last_full_at: number | null;
  last_incremental_at: number | null;
  last_error: string | null;
}

export interface RunCounts {
  requests: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rateLimited: number;
  errors: Record<string, number>;
}

/** Write-side of the sync bookkeeping: checkpoints, runs, gaps and the per-instance lock. */
export class SyncRepo {
  constructor(private readonly db: Db) {}

  state(chatId: number): SyncStateRow | undefined {
    return this.db.prepare<[number], SyncStateRow>('SELECT * FROM sync_state WHERE chat_id = ?').get(chatId);
  }

  /**
   * Records what a chat's history now reaches; call in the transaction that stored the messages.
   * `journalRead` (a read of the chat's own journal) clears the error of an earlier failed read;
   * messages that arrived by other ways leave it, so that the chat's journal is read again.
   */
  checkpoint(
    chatId: number,
    update: {
      newest?: { ts: number; waId: string } | undefined;
      oldest?: { ts: number; waId: string } | undefined;
      historyComplete?: boolean;
      fullAt?: number;
      incrementalAt?: number;
      journalRead?: boolean;
    },
  ): void {
    this.db
      .prepare(
        `INSERT INTO sync_state (chat_id, newest_ts, newest_wa_id, oldest_ts, oldest_wa_id, history_complete, last_full_at, last_incremental_at, last_error, last_error_at)
         VALUES (@chat, @newestTs, @newestId, @oldestTs, @oldestId, @complete, @fullAt, @incAt, NULL, NULL)
         ON CONFLICT (chat_id) DO UPDATE SET
           newest_wa_id = iif(@newestTs IS NOT NULL AND @newestTs >= coalesce(newest_ts, 0), @newestId, newest_wa_id),
           newest_ts = max(coalesce(newest_ts, @newestTs), coalesce(@newestTs, newest_ts)),
           oldest_wa_id = iif(@oldestTs IS NOT NULL AND @oldestTs <= coalesce(oldest_ts, @oldestTs), @oldestId, oldest_wa_id),
           oldest_ts = min(coalesce(oldest_ts, @oldestTs), coalesce(@oldestTs, oldest_ts)),
           history_complete = max(history_complete, @complete),
           last_full_at = coalesce(@fullAt, last_full_at),
           last_incremental_at = coalesce(@incAt, last_incremental_at),
           last_error = iif(@read, NULL, last_error), last_error_at = iif(@read, NULL, last_error_at)`,
      )
      .run({
        chat: chatId,
        newestTs: update.newest?.ts ?? null,
        newestId: update.newest?.waId ?? null,
        oldestTs: update.oldest?.ts ?? null,
        oldestId: update.oldest?.waId ?? null,
        complete: update.historyComplete ? 1 : 0,
        fullAt: update.fullAt ?? null,
        incAt: update.incrementalAt ?? null,
        read: update.journalRead ? 1 : 0,
      });
  }

  /** Chats of an instance whose last read (journal or group details) failed: their history may be incomplete. */
  chatsWithFailedReads(instanceId: number): { waId: string; chatId: number; name: string | null }[] {
    return this.db
      .prepare<[number], { waId: string; chatId: number; name: string | null }>(
        `SELECT c.wa_id AS waId, c.id AS chatId, c.name FROM sync_state s JOIN chats c ON c.id = s.chat_id
         WHERE c.instance_id = ? AND s.last_error IS NOT NULL ORDER BY c.id`,
      )
      .all(instanceId);
  }

  recordChatError(chatId: number, message: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO sync_state (chat_id, last_error, last_error_at) VALUES (?, ?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
      )
      .run(chatId, message, at);
  }

  /** Records a missing time range once (an identical open gap is not repeated). */
  addGap(chatId: number, fromTs: number, toTs: number, reason: string, at: number): void {
    const open = this.db
      .prepare<[number, number, number], { id: number }>(
        'SELECT id FROM sync_gaps WHERE chat_id = ? AND from_ts = ? AND to_ts = ? AND resolved_at IS NULL',
      )
      .get(chatId, fromTs, toTs);
    if (!open) {
      this.db
        .prepare(
          'INSERT INTO sync_gaps (chat_id, from_ts, to_ts, reason, detected_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(chatId, fromTs, toTs, reason, at);
    }
  }

  /** Start of the oldest open gap of a chat: a read must reach back this far to close it. */
  openGapFloor(chatId: number): number | undefined {
    return (
      this.db
        .prepare<[number], { ts: number | null }>(
          'SELECT min(from_ts) AS ts FROM sync_gaps WHERE chat_id = ? AND resolved_at IS NULL',
        )
        .get(chatId)?.ts ?? undefined
    );
  }

  /** Closes the open gaps of a chat that lie inside [fromTs, toTs] (history now covers them). */
  resolveGaps(chatId: number, fromTs: number, toTs: number, at: number): void {
    this.db
      .prepare(
        'UPDATE sync_gaps SET resolved_at = ? WHERE chat_id = ? AND resolved_at IS NULL AND from_ts >= ? AND to_ts <= ?',
      )
      .run(at, chatId, fromTs, toTs);
  }

  startRun(instanceId: number, mode: 'full' | 'incremental' | 'follow', at: number): number {
    return Number(
      this.db
        .prepare("INSERT INTO sync_runs (instance_id, mode, started_at, status) VALUES (?, ?, ?, 'running')")
        .run(instanceId, mode, at).lastInsertRowid,
    );
  }

  finishRun(
    runId: number,
    status: 'ok' | 'failed' | 'cancelled',
    counts: RunCounts,
    error: string | null,
    at: number,
    elapsedMs: number,
  ): void {
    this.db
      .prepare(
        `UPDATE sync_runs SET status = ?, finished_at = ?, requests = ?, inserted = ?, updated = ?, duplicates = ?,
           rate_limited = ?, errors = ?, error = ?, elapsed_ms = ? WHERE id = ?`,
      )
      .run(
        status,
        at,
        counts.requests,
        counts.inserted,
        counts.updated,
        counts.duplicates,
        counts.rateLimited,
        Object.keys(counts.errors).length ? JSON.stringify(counts.errors) : null,
        error,
        Math.round(elapsedMs),
        runId,
      );
  }

  /**
   * Takes the instance's sync lock. A lock held by a live process is refused, this process included
   * (another store of it may be syncing); one left by a process that died is taken over, and runs
   * that died mid-way are marked failed. A process is its pid, host and start time: containers
   * restart as the same pid.
   */
  acquireLock(instanceId: number, at: number, holder: LockHolder = thisProcess()): void {
    this.db
      .transaction(() => {
        const held = this.db
          .prepare<[number], LockHolder>(`SELECT ${HOLDER} FROM sync_locks WHERE instance_id = ?`)
          .get(instanceId);
        if (held && isLive(held, holder)) {
          throw new ArchiveError(
            `Another sync of this instance is running (process ${held.pid} on ${held.host}).`,
            'Wait for it to finish (get_sync_status shows its progress), or stop that process.',
            'busy',
          );
        }
        if (held)
          this.db
            .prepare(
              "UPDATE sync_runs SET status = 'failed', error = 'interrupted' WHERE instance_id = ? AND status = 'running'",
            )
            .run(instanceId);
        this.db
          .prepare(
            `INSERT OR REPLACE INTO sync_locks (instance_id, pid, host, acquired_at, process_started_at)
             VALUES (?, ?, ?, ?, ?)`,
          )
          .run(instanceId, holder.pid, holder.host, at, holder.startedAt);
      })
      .immediate();
  }

  /** A live process that holds the sync lock of any instance: a sync is running. */
  runningSync(me: LockHolder = thisProcess()): LockHolder | undefined {
    return this.db
      .prepare<[], LockHolder>(`SELECT ${HOLDER} FROM sync_locks`)
      .all()
      .find((held) => isLive(held, me));
  }

  releaseLock(instanceId: number, holder: LockHolder = thisProcess()): void {
    this.db
      .prepare(
        'DELETE FROM sync_locks WHERE instance_id = ? AND pid = ? AND host = ? AND process_started_at = ?',
      )
      .run(instanceId, holder.pid, holder.host, holder.startedAt);
  }
}

/** Who holds a sync lock: a process, by pid, host and start time (ms since the epoch). */
interface LockHolder {
  pid: number;
  host: string;
  startedAt: number;
}

/** The columns of sync_locks that make a LockHolder. */
const HOLDER = 'pid, host, process_started_at AS startedAt';

function thisProcess(): LockHolder {
  return { pid: process.pid, host: hostname(), startedAt: Math.round(performance.timeOrigin) };
}

/** A lock of this process is live; one of another host cannot be checked, so it is taken as live. */
function isLive(held: LockHolder, me: LockHolder): boolean {
  if (held.host !== me.host) return true;
  if (held.pid === me.pid) return held.startedAt === me.startedAt;
  return processAlive(held.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
