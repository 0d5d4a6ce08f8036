import type { ContactsRepo } from './contacts.js';
import type { Db } from './db.js';
import { IdAllocator } from './message-ids.js';
import type { NewMessage } from './types.js';

export interface SaveResult {
  inserted: number;
  updated: number;
  duplicates: number;
}

interface Existing {
  id: number;
  text: string | null;
  media_name: string | null;
  edited: number;
  deleted: number;
  status: string | null;
}

/**
 * The filter tokens of a message, exactly as the generated column `messages.tags` (schema.sql) makes
 * them; the delete and update triggers remove index entries with that column's value.
 */
export function messageTags(chatId: number, senderId: number | null, type: string): string {
  return `c${chatId} s${senderId ?? 0}${type === 'text' ? '' : ` t${type}`}`;
}

/** Writes of messages, their revisions and reactions (reads: history.ts). Call inside a transaction for batches. */
export class MessagesRepo {
  private readonly insert;
  private readonly existing;
  private readonly anyInChat;
  private readonly updateVotes;
  private readonly updateFlags;
  private readonly updateText;
  private readonly insertRevision;
  private readonly upsertReaction;
  private readonly index;
  private readonly countChat;

  constructor(
    private readonly db: Db,
    private readonly contacts: ContactsRepo,
  ) {
    this.insert = db.prepare(
      `INSERT INTO messages (id, chat_id, wa_id, direction, sender_id, sender_name, type, text, quoted_wa_id,
         media_mime, media_name, media_url, media_sha256, edited, deleted, status, source, extra)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, wa_id) DO NOTHING`,
    );
    // A new row is indexed with VALUES: an INSERT ... SELECT into FTS5 (or one in a trigger) runs under a
    // statement savepoint, at which FTS5 flushes its pending segment (about 50 instead of 9 us a row).
    this.index = db.prepare('INSERT INTO messages_fts (rowid, text, tags) VALUES (?, ?, ?)');
    this.countChat = db.prepare(
      `UPDATE chats SET message_count = message_count + ?, first_message_at = min(coalesce(first_message_at, ?), ?),
         last_message_at = max(coalesce(last_message_at, ?), ?) WHERE id = ?`,
    );
    this.updateVotes = db.prepare(
      `UPDATE messages SET extra = json_set(coalesce(extra, '{}'), '$.votes', json(?), '$.votesAt', ?)
       WHERE id = ? AND coalesce(extra ->> '$.votesAt', 0) <= ?`,
    );
    this.anyInChat = db.prepare<[number], { 1: number }>('SELECT 1 FROM messages WHERE chat_id = ? LIMIT 1');
    this.existing = db.prepare<[number, string], Existing>(
      'SELECT id, text, media_name, edited, deleted, status FROM messages WHERE chat_id = ? AND wa_id = ?',
    );
    this.updateFlags = db.prepare(
      'UPDATE messages SET edited = max(edited, ?), deleted = max(deleted, ?), status = coalesce(?, status) WHERE id = ?',
    );
    this.updateText = db.prepare('UPDATE messages SET text = ?, edited = 1 WHERE id = ?');
    this.insertRevision = db.prepare(
      'INSERT INTO message_revisions (message_id, text, replaced_at) VALUES (?, ?, ?)',
    );
    this.upsertReaction = db.prepare(
      `INSERT INTO reactions (message_id, sender_wa_id, emoji, ts) VALUES (?, ?, ?, ?)
       ON CONFLICT (message_id, sender_wa_id) DO UPDATE SET emoji = excluded.emoji, ts = excluded.ts WHERE excluded.ts >= reactions.ts`,
    );
  }

  /** Stores messages of one chat; see saveMany. */
  save(instanceId: number, chatId: number, messages: readonly NewMessage[]): SaveResult {
    return this.saveMany(
      instanceId,
      messages.map((message) => ({ chatId, message })),
    );
  }

  /**
   * Stores messages of any chats of one instance. A message already held (same chat and id) is not
   * duplicated: its edit, delete and delivery status are brought up to date, and an edited text keeps
   * the earlier one as a revision. A deletion never removes content.
   *
   * Messages are written oldest first: the full-text index flushes its pending segment whenever a
   * rowid is not above the previous one, so ascending ids keep bulk writes several times cheaper.
   */
  saveMany(instanceId: number, entries: readonly { chatId: number; message: NewMessage }[]): SaveResult {
    // Ids are allocated from what the batch saw stored: no other writer may come in between.
    if (!this.db.inTransaction) return this.db.transaction(() => this.saveMany(instanceId, entries))();
    const result: SaveResult = { inserted: 0, updated: 0, duplicates: 0 };
    const senders = new Map<string, number>();
    const ordered = [...entries].sort((a, b) => a.message.ts - b.message.ts);
    const ids = new IdAllocator(this.db);
    const added = new Map<number, { n: number; first: number; last: number }>();
    for (const { chatId, message: m } of ordered) {
      let senderId: number | null = null;
      if (m.senderWaId) {
        senderId =
          senders.get(m.senderWaId) ?? this.contacts.idForWaId(instanceId, m.senderWaId, m.senderName);
        senders.set(m.senderWaId, senderId);
      }
      const id = ids.next(m.ts);
      const info = this.insert.run(
        id,
        chatId,
        m.waId,
        m.direction,
        senderId,
        m.senderName,
        m.type,
        m.text,
        m.quotedWaId ?? null,
        m.mediaMime ?? null,
        m.mediaName ?? null,
        m.mediaUrl ?? null,
        m.mediaSha256 ?? null,
        m.edited ? 1 : 0,
        m.deleted ? 1 : 0,
        m.status ?? null,
        m.source,
        m.extra && Object.keys(m.extra).length > 0 ? JSON.stringify(m.extra) : null,
      );
      if (info.changes > 0) {
        result.inserted++;
        if (m.text !== null) this.index.run(id, m.text, messageTags(chatId, senderId, m.type));
        const c = added.get(chatId);
        if (c) {
          c.n++;
          c.last = m.ts; // ordered by time
        } else added.set(chatId, { n: 1, first: m.ts, last: m.ts });
      } else if (this.refresh(chatId, m)) result.updated++;
      else result.duplicates++;
    }
    // Chat counters once per chat and batch (see schema.sql).
    for (const [chatId, c] of added) this.countChat.run(c.n, c.first, c.first, c.last, c.last, chatId);
    return result;
  }

  /** Brings a held message up to date with a newer copy; true when anything changed. */
  private refresh(chatId: number, m: NewMessage): boolean {
    const old = this.existing.get(chatId, m.waId);
    if (!old) return false;
    let changed = false;
    // A deleted copy carries no text: keep what we hold. An edited copy carries the new text.
    if (!m.deleted && m.edited && m.text !== null && m.text !== old.text) {
      this.applyEdit(old.id, old.text, m.text, m.ts);
      changed = true;
    }
    const status = m.status && m.status !== old.status ? m.status : null;
    if ((m.edited && !old.edited) || (m.deleted && !old.deleted) || status) {
      this.updateFlags.run(m.edited ? 1 : 0, m.deleted ? 1 : 0, status, old.id);
      changed = true;
    }
    return changed;
  }

  private applyEdit(messageId: number, oldText: string | null, newText: string, at: number): void {
    this.insertRevision.run(messageId, oldText, at);
    this.updateText.run(newText, messageId);
  }

  /** An edit event: keeps the earlier text as a revision. False when the message is not held. */
  edit(chatId: number, waId: string, newText: string, at: number): boolean {
    const old = this.existing.get(chatId, waId);
    if (!old) return false;
    // An edit event carries only the new caption: keep the file name the searchable text also held.
    const name = old.media_name;
    if (name && (old.text === name || old.text?.endsWith(`\n${name}`)) && !newText.endsWith(name))
      newText = `${newText}\n${name}`;
    if (old.text !== newText) this.applyEdit(old.id, old.text, newText, at);
    // A copy that already carried the new text (a notification built after the edit) still was edited.
    else if (!old.edited) this.updateFlags.run(1, 0, null, old.id);
    return true;
  }

  /** A delete event: marks the message deleted and keeps its content. */
  markDeleted(chatId: number, waId: string): boolean {
    const old = this.existing.get(chatId, waId);
    if (!old) return false;
    if (!old.deleted) this.updateFlags.run(0, 1, null, old.id);
    return true;
  }

  setStatus(chatId: number, waId: string, status: string): boolean {
    const old = this.existing.get(chatId, waId);
    if (!old) return false;
    if (old.status !== status) this.updateFlags.run(0, 0, status, old.id);
    return true;
  }

  /** A reaction (emoji '' removes it); the newest reaction of each sender wins. */
  react(chatId: number, waId: string, senderWaId: string, emoji: string, ts: number): boolean {
    const old = this.existing.get(chatId, waId);
    if (!old) return false;
    this.upsertReaction.run(old.id, senderWaId, emoji, ts);
    return true;
  }

  /**
   * The current tally of a poll (each update carries every option with its voters), kept in the poll
   * message's `extra.votes`; an older update never replaces a newer one. False when the poll is not held.
   */
  setPollVotes(
    chatId: number,
    pollWaId: string,
    votes: readonly { option: string; voters: readonly string[] }[],
    ts: number,
  ): boolean {
    const old = this.existing.get(chatId, pollWaId);
    if (!old) return false;
    this.updateVotes.run(JSON.stringify(votes), ts, old.id, ts);
    return true;
  }

  /** True when the chat holds any message. */
  hasAny(chatId: number): boolean {
    return this.anyInChat.get(chatId) !== undefined;
  }

  idOf(chatId: number, waId: string): number | undefined {
    return this.existing.get(chatId, waId)?.id;
  }
}
