import { rmSync } from 'node:fs';
import { ArchiveError, describeError } from '../errors.js';
import { toIso } from '../time.js';
import type { Store } from '../store/index.js';
import { ensureExportInstance, planChat } from './chat-identity.js';
import type { ExportSource } from './files.js';
import { OrdinalCounter } from './identity.js';
import { parseExport } from './parser.js';
import { createLocalTimeConverter } from './timezone.js';
import type { DateOrder, ExportMessage, ExportStream } from './types.js';
import { makeWriter } from './writer.js';

/**
 * Imports one export source into the archive, atomically: all of the file's messages are written
 * in one transaction on a connection of their own, so a file that fails leaves nothing behind.
 * Messages stream from the parser in batches: memory stays flat whatever the file size.
 */

export interface ImportFileOptions {
  timeZone: string;
  dateOrder?: DateOrder | undefined;
  me?: string | undefined;
  dryRun: boolean;
  defaultCountry: string;
  /** Folder for media files stored by sha256. */
  mediaDir: string;
  now: () => number;
  onMessages?: ((done: number, total: number) => void) | undefined;
  /** Cancels the import between batches: the file's transaction is rolled back. */
  signal?: AbortSignal | undefined;
}

/** The import was cancelled (nothing of the file is kept, no failed row is recorded). */
class ImportCancelled extends Error {}
class ImportedMeanwhile extends Error {}

/** The report of a file imported before (same content), or null. */
function alreadyImported(store: Store, source: ExportSource, report: FileReport): FileReport | null {
  const held = store.imports.bySha256(source.sha256);
  if (held?.status !== 'imported') return null;
  const chat = held.chat_id === null ? undefined : store.chats.get(held.chat_id);
  return {
    ...report,
    status: 'already_imported',
    format: held.format,
    date_order: held.date_order,
    timezone: held.timezone,
    chat: {
      ...report.chat,
      chat_id: held.chat_id,
      name: chat?.name ?? report.chat.name,
      type: chat?.type ?? null,
    },
    messages: held.messages_total,
    first_time: held.first_ts,
    last_time: held.last_ts,
  };
}

export interface FileReport {
  path: string;
  file_name: string;
  status: 'imported' | 'already_imported' | 'dry_run' | 'failed';
  format: string | null;
  date_order: string | null;
  date_order_reason: string | null;
  timezone: string;
  chat: {
    chat_id: number | null;
    name: string | null;
    type: 'private' | 'group' | null;
    joined: 'phone' | 'name' | null;
  };
  me: { author: string | null; how: 'option' | 'inferred' | 'unknown' } | null;
  messages: number;
  inserted: number;
  duplicates: number;
  matched_synced: number;
  media_stored: number;
  first_time: number | null;
  last_time: number | null;
  file_meta: { file_date: string | null; phone: string | null; order_ref: string | null };
  warnings: { line: number; reason: string }[];
  error: string | null;
}

/** Messages looked at before deciding chat type and exporter (groups show themselves early). */
const SAMPLE = 2000;

export async function importSource(
  store: Store,
  source: ExportSource,
  options: ImportFileOptions,
): Promise<FileReport> {
  const info = source.nameInfo;
  const report: FileReport = {
    path: source.path,
    file_name: source.fileName,
    status: options.dryRun ? 'dry_run' : 'imported',
    format: null,
    date_order: null,
    date_order_reason: null,
    timezone: options.timeZone,
    chat: { chat_id: null, name: info.chatName, type: null, joined: null },
    me: null,
    messages: 0,
    inserted: 0,
    duplicates: 0,
    matched_synced: 0,
    media_stored: 0,
    first_time: null,
    last_time: null,
    file_meta: {
      file_date: info.fileDate
        ? toIso(createLocalTimeConverter(options.timeZone)(info.fileDate), options.timeZone)
        : null,
      phone: info.phone ?? null,
      order_ref: info.orderRef ?? null,
    },
    warnings: [],
    error: null,
  };
  // A dry run says so too: importing it would add nothing.
  const held = alreadyImported(store, source, report);
  if (held) return held;
  let line = 0;
  const db = store.db;
  let open = false;
  /** Media files this import wrote: removed again if the file fails. */
  const createdMedia: string[] = [];
  try {
    const stream = await parseExport(source.open, {
      dateOrder: options.dateOrder,
      localeHint: info.localeHint ?? null,
    });
    Object.assign(report, {
      format: stream.info.format,
      date_order: stream.info.dateOrder,
      date_order_reason: stream.info.dateOrderReason,
    });
    const media = options.dryRun ? new Map() : await source.media();
    const toUtc = createLocalTimeConverter(options.timeZone);
    const ordinals = new OrdinalCounter();
    let writer: ((batch: readonly ExportMessage[]) => Promise<void>) | null = null;
    let sample: ExportMessage[] = [];

    const start = (): void => {
      const plan = planChat(store, {
        chatName: info.chatName,
        phone: info.phone ?? null,
        sample,
        me: options.me ?? null,
        defaultCountry: options.defaultCountry,
        fileKey: source.sha256.slice(0, 16),
      });
      report.chat = {
        chat_id: plan.existingChatId,
        name: plan.chatName,
        type: plan.chatType,
        joined: plan.joinedBy,
      };
      report.me = plan.me;
      if (options.dryRun) {
        writer = async (batch) => void count(batch);
        return;
      }
      db.exec('BEGIN IMMEDIATE');
      open = true;
      // Another import of the same file may have committed while this one was reading it.
      if (alreadyImported(store, source, report)) throw new ImportedMeanwhile();
      // Created inside the file's transaction: a failed file leaves no instance behind either.
      const instanceId = plan.instanceId ?? ensureExportInstance(store);
      plan.instanceId = instanceId;
      if (plan.existingChatId === null && plan.chatType === 'private') {
        // An export-only private chat still has a counterpart, so the person can be found by name or phone.
        plan.counterpartContactId = store.contacts.upsert({
          instanceId,
          waIds: [plan.chatWaId],
          savedName: plan.chatName,
        });
      }
      const chatId =
        plan.existingChatId ??
        store.chats.upsert({
          instanceId,
          waId: plan.chatWaId,
          type: plan.chatType,
          name: plan.chatName,
          contactId: plan.counterpartContactId,
        });
      report.chat.chat_id = chatId;
      writer = makeWriter(
        createdMedia,
        store,
        { ...plan, instanceId },
        chatId,
        options,
        report,
        toUtc,
        ordinals,
        media,
        (l) => (line = l),
      );
    };
    const count = (batch: readonly ExportMessage[]): void => {
      for (const m of batch) {
        const ts = toUtc(m.local);
        report.first_time = report.first_time === null ? ts : Math.min(report.first_time, ts);
        report.last_time = report.last_time === null ? ts : Math.max(report.last_time, ts);
      }
      report.messages += batch.length;
    };

    for await (const batch of stream.batches) {
      if (options.signal?.aborted)
        throw new ImportCancelled('import cancelled; nothing of this file was kept');
      if (writer === null) {
        sample.push(...batch);
        if (sample.length < SAMPLE) continue;
        start();
        const first = sample;
        sample = [];
        await writer!(first);
      } else await (writer as (b: readonly ExportMessage[]) => Promise<void>)(batch);
      options.onMessages?.(report.messages, stream.info.headerCount);
    }
    if (options.signal?.aborted) throw new ImportCancelled('import cancelled; nothing of this file was kept');
    if (writer === null) {
      start();
      await writer!(sample);
    }
    options.onMessages?.(report.messages, report.messages);
    report.warnings = collectWarnings(stream);
    if (!options.dryRun) {
      store.imports.record(recordOf(source, report, 'imported', null, options.now()));
      db.exec('COMMIT');
      open = false;
    }
    return report;
  } catch (error) {
    if (open) db.exec('ROLLBACK');
    if (error instanceof ImportedMeanwhile) return alreadyImported(store, source, report)!;
    // Written under this transaction's lock, so no committed message can refer to them.
    for (const path of createdMedia) rmSync(path, { force: true });
    const reason =
      error instanceof ArchiveError || !(error instanceof Error)
        ? describeError(error).message
        : error.message;
    report.status = 'failed';
    const at = line && !(error instanceof ImportCancelled) ? `, line ${line}` : '';
    report.error = `${source.fileName}${at}: ${reason}`;
    // Nothing of the file was kept.
    Object.assign(report, { inserted: 0, duplicates: 0, matched_synced: 0, media_stored: 0 });
    if (!options.dryRun && !(error instanceof ImportCancelled))
      store.write(() =>
        store.imports.record(recordOf(source, report, 'failed', report.error, options.now())),
      );
    return report;
  }
}

function collectWarnings(stream: ExportStream): { line: number; reason: string }[] {
  return stream.warnings.slice(0, 50).map((w) => ({ line: w.line, reason: w.reason }));
}

function recordOf(
  source: ExportSource,
  r: FileReport,
  status: 'imported' | 'failed',
  error: string | null,
  at: number,
) {
  return {
    sha256: source.sha256,
    path: source.path,
    file_name: source.fileName,
    chat_id: status === 'imported' ? r.chat.chat_id : null,
    format: r.format,
    date_order: r.date_order,
    timezone: r.timezone,
    meta: JSON.stringify(r.file_meta),
    messages_total: r.messages,
    inserted: r.inserted,
    duplicates: r.duplicates,
    first_ts: r.first_time,
    last_ts: r.last_time,
    status,
    error,
    imported_at: at,
  };
}
