import type { Store } from '../store/index.js';
import type { HeldCopy } from '../store/imports.js';
import type { Direction, NewMessage } from '../store/types.js';
import { authorWaId, ownWaId, type ChatPlan } from './chat-identity.js';
import type { MediaFile } from './files.js';
import { exportMessageId, normaliseForMatch, type OrdinalCounter } from './identity.js';
import type { FileReport, ImportFileOptions } from './import.js';
import { storeMedia } from './media.js';
import type { ExportMessage } from './types.js';

/**
 * Writing one export's messages to the archive, batch by batch: directions and senders, the copies
 * the API synced already (matched, not stored twice), media files, ids, and the line a failed write
 * stumbled on.
 */

export function makeWriter(
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
