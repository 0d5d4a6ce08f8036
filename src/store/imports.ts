import type { Db } from './db.js';
import { ID_PER_SECOND } from './message-ids.js';

export interface ImportFileRow {
  id: number;
  sha256: string;
  path: string;
  file_name: string;
  chat_id: number | null;
  format: string | null;
  date_order: string | null;
  timezone: string;
  meta: string | null;
  messages_total: number;
  inserted: number;
  duplicates: number;
  first_ts: number | null;
  last_ts: number | null;
  status: 'imported' | 'failed';
  error: string | null;
  imported_at: number;
}

export type ImportRecord = Omit<ImportFileRow, 'id'>;

/** A message held from the API, as the export importer compares it. */
export interface HeldCopy {
  id: number;
  direction: string;
  sender_id: number | null;
  type: string;
  text: string | null;
  media_name: string | null;
  deleted: number;
}

/** Imported files, media stored by content hash, and the lookup that recognises API copies. */
export class ImportsRepo {
  constructor(private readonly db: Db) {}

  bySha256(sha256: string): ImportFileRow | undefined {
    return this.db
      .prepare<[string], ImportFileRow>('SELECT * FROM import_files WHERE sha256 = ?')
      .get(sha256);
  }

  /** Records an import (a failed one is replaced by a later attempt of the same file). */
  record(row: ImportRecord): void {
    this.db
      .prepare(
        `INSERT INTO import_files (sha256, path, file_name, chat_id, format, date_order, timezone, meta, messages_total, inserted,
           duplicates, first_ts, last_ts, status, error, imported_at)
         VALUES (@sha256, @path, @file_name, @chat_id, @format, @date_order, @timezone, @meta, @messages_total, @inserted,
           @duplicates, @first_ts, @last_ts, @status, @error, @imported_at)
         ON CONFLICT (sha256) DO UPDATE SET path = excluded.path, file_name = excluded.file_name, chat_id = excluded.chat_id,
           format = excluded.format, date_order = excluded.date_order, timezone = excluded.timezone, meta = excluded.meta,
           messages_total = excluded.messages_total, inserted = excluded.inserted, duplicates = excluded.duplicates,
           first_ts = excluded.first_ts, last_ts = excluded.last_ts, status = excluded.status, error = excluded.error,
           imported_at = excluded.imported_at`,
      )
      .run(row);
  }

  /** True when the chat holds messages that did not come from an export (worth comparing against). */
  hasSyncedMessages(chatId: number): boolean {
    return (
      this.db
        .prepare<[number], { x: number }>(
          "SELECT 1 AS x FROM messages WHERE chat_id = ? AND source <> 'export' LIMIT 1",
        )
        .get(chatId) !== undefined
    );
  }

  /** Messages of a chat from the API or webhooks within [from, from + seconds). */
  syncedInWindow(chatId: number, from: number, seconds: number): HeldCopy[] {
    return this.db
      .prepare<[number, number, number], HeldCopy>(
        `SELECT id, direction, sender_id, type, text, media_name, deleted FROM messages INDEXED BY messages_chat
         WHERE chat_id = ? AND id BETWEEN ? AND ? AND source <> 'export'`,
      )
      .all(chatId, from * ID_PER_SECOND, (from + seconds) * ID_PER_SECOND - 1);
  }

  recordMedia(sha256: string, size: number, mime: string | null, fileName: string | null, at: number): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO media_files (sha256, size, mime, file_name, stored_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(sha256, size, mime, fileName, at);
  }
}
