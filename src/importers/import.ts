import { rmSync } from 'node:fs';
import { ArchiveError, describeError } from '../errors.js';
import { toIso } from '../time.js';
import type { Store } from '../store/index.js';
import type { HeldCopy } from '../store/imports.js';
import type { Direction, NewMessage } from '../store/types.js';
import { authorWaId, ensureExportInstance, ownWaId, planChat, type ChatPlan } from './chat-identity.js';
import type { ExportSource, MediaFile } from './files.js';
import { exportMessageId, normaliseForMatch, OrdinalCounter } from './identity.js';
import { storeMedia } from './media.js';
import { parseExport } from './parser.js';
import { createLocalTimeConverter } from './timezone.js';
import type { DateOrder, ExportMessage, ExportStream } from './types.js';

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

function makeWriter(
  createdMedia: string[],
  store: Store,
  plan: ChatPlan & { instanceId: number },
  chatId: number,
  options: ImportFileOptions,
  report: FileReport,
  toUtc: (local: ExportMessage['local']) => number,
  ordinals: OrdinalCounter,
  media: ReadonlyMap<string, MediaFile>,
  atLine: (line: number) => void,
): (batch: readonly ExportMessage[]) => Promise<void> {
  const checkSynced = store.imports.hasSyncedMessages(chatId);
  /** API copies already taken by an exported message: each stands for one message only. */
  const matched = new Set<number>();
  const me = plan.me.author;
  const senders = new Map<string, string>();
  const own = ownWaId(store, plan.instanceId);
  return async (batch) => {
    const rows: NewMessage[] = [];
    const lines: number[] = [];
    for (const m of batch) {
      atLine(m.line);
      const ts = toUtc(m.local);
      report.first_time = report.first_time === null ? ts : Math.min(report.first_time, ts);
      report.last_time = report.last_time === null ? ts : Math.max(report.last_time, ts);
      report.messages++;
      const direction: Direction =
        m.kind === 'system' ? 'system' : me !== null && m.author === me ? 'out' : 'in';
      let senderWaId: string | null = null;
      if (direction === 'out') senderWaId = own;
      else if (direction === 'in' && m.author) {
        senderWaId =
          senders.get(m.author) ?? authorWaId(store, plan, m.author, m.authorPhone, options.defaultCountry);
        senders.set(m.author, senderWaId);
      }
      // Counted for every message, matched or not, so ids do not depend on what the API held.
      const ordinal = ordinals.next(ts, m.author, m.text);
      if (checkSynced) {
        const copy = findSyncedCopy(store, chatId, ts, direction, me !== null, m, matched);
        if (copy !== undefined) {
          matched.add(copy.id);
          report.matched_synced++;
          continue;
        }
      }
      const fileName = m.attachment?.fileName ?? null;
      const file = fileName ? media.get(fileName) : undefined;
      let stored: string | null = null;
      if (file !== undefined) {
        try {
          stored = await storeMedia(store, file, options.mediaDir, options.now(), createdMedia);
        } catch (error) {
          throw new Error(`cannot read the media file "${file.name}": ${(error as Error).message}`, {
            cause: error,
          });
        }
        report.media_stored++;
      }
      lines.push(m.line);
      rows.push({
        waId: exportMessageId(plan.chatWaId, ts, m.author, m.text, ordinal),
        ts,
        direction,
        senderWaId,
        senderName: m.author,
        type: m.type,
        text: m.text === '' ? (fileName ?? null) : m.text,
        mediaName: fileName,
        mediaSha256: stored,
        edited: m.edited,
        deleted: m.deleted,
        source: 'export',
        extra: exportExtra(m),
      });
    }
    let saved;
    try {
      saved = store.messages.save(plan.instanceId, chatId, rows);
    } catch (error) {
      atLine(culpritLine(store, plan.instanceId, chatId, rows, lines) ?? lines.at(-1) ?? 0);
      throw error;
    }
    report.inserted += saved.inserted;
    report.duplicates += saved.duplicates + saved.updated;
  };
}

/**
 * The line of the message that a failed batch write stumbled on: the rows are written again one by
 * one (the file's transaction is rolled back afterwards anyway) until one fails.
 */
function culpritLine(
  store: Store,
  instanceId: number,
  chatId: number,
  rows: readonly NewMessage[],
  lines: readonly number[],
): number | undefined {
  for (let i = 0; i < rows.length; i++) {
    try {
      store.messages.save(instanceId, chatId, [rows[i]!]);
    } catch {
      return lines[i];
    }
  }
  return undefined;
}

/**
 * The copy of an exported message synced from the API, if any: same chat and minute, same direction
 * (an exporter who is not known shows as incoming, so then an outgoing copy also counts), not yet
 * taken by another exported message, and the same normalised text — the caption, the caption with
 * the file name (how synced documents read), or the file name. A message with no text to compare
 * (deleted, or media without caption, omitted or not) takes a deleted or a media copy.
 */
function findSyncedCopy(
  store: Store,
  chatId: number,
  ts: number,
  direction: Direction,
  exporterKnown: boolean,
  m: ExportMessage,
  taken: ReadonlySet<number>,
): HeldCopy | undefined {
  const held = store.imports
    .syncedInWindow(chatId, ts - (ts % 60), 60)
    .filter(
      (h) =>
        !taken.has(h.id) &&
        (h.direction === direction || (!exporterKnown && direction === 'in' && h.direction === 'out')),
    );
  if (held.length === 0) return undefined;
  const fileName = m.attachment?.fileName ?? null;
  const wanted = new Set(
    [m.text, ...(fileName === null ? [] : [fileName, `${m.text}\n${fileName}`])]
      .map(normaliseForMatch)
      .filter((t) => t !== ''),
  );
  const sameText = held.find((h) => h.text !== null && wanted.has(normaliseForMatch(h.text)));
  if (sameText !== undefined || m.text !== '') return sameText;
  if (m.deleted) return held.find((h) => h.deleted === 1 || h.type === 'deleted');
  if (m.attachment === undefined) return undefined;
  const media = held.filter((h) => MEDIA_TYPES.has(h.type));
  return media.find((h) => h.type === m.type) ?? media[0];
}

const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'video', 'audio', 'voice', 'document', 'sticker']);

function exportExtra(m: ExportMessage): Record<string, unknown> | null {
  const extra: Record<string, unknown> = { line: m.line };
  if (m.authorIsPushName) extra.push_name = true;
  if (m.attachment?.omitted) extra.media_omitted = true;
  if (m.viewOnce) extra.view_once = true;
  if (m.location) extra.location = m.location;
  if (m.poll) extra.poll = m.poll;
  return extra;
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
