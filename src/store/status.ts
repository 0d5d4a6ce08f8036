import type { Db } from './db.js';

export interface ArchiveCounts {
  instances: number;
  chats: number;
  contacts: number;
  messages: number;
  imports: number;
  first_message_at: number | null;
  last_message_at: number | null;
}

/** One instance's chats, messages, span, open gaps and chats whose last sync failed. */
export interface InstanceTotals {
  chats: number;
  messages: number;
  first: number | null;
  last: number | null;
  gaps: number;
  errors: number;
}

export interface ChatSyncRow {
  chat_id: number;
  instance_id: number;
  wa_id: string;
  name: string | null;
  message_count: number;
  first_message_at: number | null;
  last_message_at: number | null;
  last_full_at: number | null;
  last_incremental_at: number | null;
  history_complete: number | null;
  last_error: string | null;
  last_error_at: number | null;
  open_gaps: number;
}

export interface GapRow {
  id: number;
  chat_id: number;
  from_ts: number;
  to_ts: number;
  reason: string;
  detected_at: number;
}

export interface RunRow {
  id: number;
  instance_id: number;
  mode: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  requests: number;
  inserted: number;
  updated: number;
  duplicates: number;
  rate_limited: number;
  errors: string | null;
  error: string | null;
  elapsed_ms: number | null;
}

/** Read-side of the sync bookkeeping and archive-wide counts. */
export class StatusRepo {
  constructor(private readonly db: Db) {}

  counts(): ArchiveCounts {
    return this.db
      .prepare<[], ArchiveCounts>(
        `SELECT (SELECT count(*) FROM instances) AS instances, (SELECT count(*) FROM chats) AS chats,
           (SELECT count(*) FROM contacts) AS contacts, (SELECT coalesce(sum(message_count), 0) FROM chats) AS messages,
           (SELECT count(*) FROM import_files) AS imports,
           (SELECT min(first_message_at) FROM chats) AS first_message_at, (SELECT max(last_message_at) FROM chats) AS last_message_at`,
      )
      .get()!;
  }

  /** Per-chat sync state, chats with problems (errors, gaps) first, then by activity; keyset-paged by position. */
  chats(input: {
    instanceId?: number | undefined;
    chatIds?: number[] | undefined;
    limit: number;
    offsetKey?: [number, number, number] | undefined;
  }): ChatSyncRow[] {
    const where: string[] = [];
    const params: number[] = [];
    if (input.instanceId !== undefined) {
      where.push('c.instance_id = ?');
      params.push(input.instanceId);
    }
    if (input.chatIds?.length) {
      where.push(`c.id IN (${input.chatIds.map(() => '?').join(',')})`);
      params.push(...input.chatIds);
    }
    const inner = `SELECT c.id AS chat_id, c.instance_id, c.wa_id, c.name, c.message_count, c.first_message_at, c.last_message_at,
        s.last_full_at, s.last_incremental_at, s.history_complete, s.last_error, s.last_error_at,
        (SELECT count(*) FROM sync_gaps g WHERE g.chat_id = c.id AND g.resolved_at IS NULL) AS open_gaps,
        (s.last_error IS NOT NULL OR EXISTS (SELECT 1 FROM sync_gaps g WHERE g.chat_id = c.id AND g.resolved_at IS NULL)) AS problem
      FROM chats c LEFT JOIN sync_state s ON s.chat_id = c.id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const key = input.offsetKey;
    return this.db
      .prepare<number[], ChatSyncRow>(
        `SELECT * FROM (${inner}) ${key ? 'WHERE (problem, coalesce(last_message_at, 0), chat_id) < (?, ?, ?)' : ''}
         ORDER BY problem DESC, coalesce(last_message_at, 0) DESC, chat_id DESC LIMIT ?`,
      )
      .all(...params, ...(key ?? []), input.limit);
  }

  openGaps(chatIds: number[]): GapRow[] {
    if (chatIds.length === 0) return [];
    return this.db
      .prepare<number[], GapRow>(
        `SELECT id, chat_id, from_ts, to_ts, reason, detected_at FROM sync_gaps
         WHERE resolved_at IS NULL AND chat_id IN (${chatIds.map(() => '?').join(',')}) ORDER BY chat_id, from_ts`,
      )
      .all(...chatIds);
  }

  lastRuns(instanceId: number, limit = 5): RunRow[] {
    return this.db
      .prepare<[number, number], RunRow>(
        'SELECT * FROM sync_runs WHERE instance_id = ? ORDER BY started_at DESC, id DESC LIMIT ?',
      )
      .all(instanceId, limit);
  }

  instanceTotals(instanceId: number): InstanceTotals {
    return this.db
      .prepare<[number, number, number], InstanceTotals>(
        `SELECT count(*) AS chats, coalesce(sum(message_count), 0) AS messages, min(first_message_at) AS first, max(last_message_at) AS last,
           (SELECT count(*) FROM sync_gaps g JOIN chats c2 ON c2.id = g.chat_id WHERE c2.instance_id = ? AND g.resolved_at IS NULL) AS gaps,
           (SELECT count(*) FROM sync_state s JOIN chats c3 ON c3.id = s.chat_id WHERE c3.instance_id = ? AND s.last_error IS NOT NULL) AS errors
         FROM chats WHERE instance_id = ?`,
      )
      .get(instanceId, instanceId, instanceId)!;
  }
}
