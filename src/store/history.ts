import type { Db } from './db.js';
import { idRangeOf } from './message-ids.js';

/** A stored message with the names a reader needs. */
export interface MessageRow {
  id: number;
  chat_id: number;
  wa_id: string;
  ts: number;
  direction: 'in' | 'out' | 'system';
  type: string;
  text: string | null;
  sender_name: string | null;
  sender_id: number | null;
  sender_phone: string | null;
  sender_contact_name: string | null;
  chat_name: string | null;
  chat_wa_id: string;
  quoted_wa_id: string | null;
  media_mime: string | null;
  media_name: string | null;
  media_url: string | null;
  media_sha256: string | null;
  edited: number;
  deleted: number;
  status: string | null;
  source: string;
}

export const MESSAGE_COLUMNS = `m.id, m.chat_id, m.wa_id, m.ts, m.direction, m.type, m.text, m.sender_name, m.sender_id,
  s.phone AS sender_phone, coalesce(s.saved_name, s.push_name) AS sender_contact_name, c.name AS chat_name, c.wa_id AS chat_wa_id,
  m.quoted_wa_id, m.media_mime, m.media_name, m.media_url, m.media_sha256, m.edited, m.deleted, m.status, m.source`;
export const MESSAGE_JOINS = 'JOIN chats c ON c.id = m.chat_id LEFT JOIN contacts s ON s.id = m.sender_id';

/** MESSAGE_COLUMNS as one JSON object per row (see byIds). */
const MESSAGE_OBJECT = `json_object('id', m.id, 'chat_id', m.chat_id, 'wa_id', m.wa_id, 'ts', m.ts, 'direction', m.direction,
  'type', m.type, 'text', m.text, 'sender_name', m.sender_name, 'sender_id', m.sender_id, 'sender_phone', s.phone,
  'sender_contact_name', coalesce(s.saved_name, s.push_name), 'chat_name', c.name, 'chat_wa_id', c.wa_id,
  'quoted_wa_id', m.quoted_wa_id, 'media_mime', m.media_mime, 'media_name', m.media_name, 'media_url', m.media_url,
  'media_sha256', m.media_sha256, 'edited', m.edited, 'deleted', m.deleted, 'status', m.status, 'source', m.source)`;

/** A keyset page of one chat's messages; with `senderIds`, only those contacts' messages. */
export interface PageInput {
  chatId: number;
  senderIds?: number[];
  since?: number | undefined;
  until?: number | undefined;
  after?: number | undefined;
  order: 'asc' | 'desc';
  limit: number;
}

/** Reads of stored messages: by id, around a message, a chat's pages, revisions and reactions. */
export class HistoryRepo {
  constructor(private readonly db: Db) {}

  get(id: number): MessageRow | undefined {
    return this.db
      .prepare<[number], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.id = ?`,
      )
      .get(id);
  }

  /**
   * Messages by id, in the order given (unknown ids are left out). The rows come back as one JSON
   * array: for a page of messages, making a JavaScript object per row and column costs more than
   * reading the rows.
   */
  byIds(ids: readonly number[]): MessageRow[] {
    if (ids.length === 0) return [];
    const { json } = this.db
      .prepare<[string], { json: string }>(
        `SELECT json_group_array(${MESSAGE_OBJECT}) AS json FROM json_each(?) j JOIN messages m ON m.id = j.value ${MESSAGE_JOINS}`,
      )
      .get(JSON.stringify(ids))!;
    const byId = new Map((JSON.parse(json) as MessageRow[]).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is MessageRow => r !== undefined);
  }

  /** Messages of a chat before or after a message, nearest first. */
  around(chatId: number, id: number, direction: 'before' | 'after', limit: number): MessageRow[] {
    const sql =
      direction === 'before'
        ? `SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.chat_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`
        : `SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.chat_id = ? AND m.id > ? ORDER BY m.id LIMIT ?`;
    return this.db.prepare<[number, number, number], MessageRow>(sql).all(chatId, id, limit);
  }

  /**
   * One page of a chat's messages in time (id) order from a keyset position. With `senderIds`, only
   * messages written by those contacts (their messages in group chats).
   */
  page(input: PageInput): MessageRow[] {
    const where = ['m.chat_id = ?'];
    const params: number[] = [input.chatId];
    if (input.senderIds?.length) {
      where.push(`m.sender_id IN (${input.senderIds.map(() => '?').join(',')})`);
      params.push(...input.senderIds);
    }
    const [from, to] = idRangeOf(input.since, input.until);
    where.push('m.id BETWEEN ? AND ?');
    params.push(from, to);
    const dir = input.order === 'asc' ? 'ASC' : 'DESC';
    if (input.after !== undefined) {
      where.push(`m.id ${input.order === 'asc' ? '>' : '<'} ?`);
      params.push(input.after);
    }
    return this.db
      .prepare<number[], MessageRow>(
        // A contact's messages in a group: walk that sender's index rather than the whole group.
        `SELECT ${MESSAGE_COLUMNS} FROM messages m INDEXED BY ${input.senderIds?.length === 1 ? 'messages_sender' : 'messages_chat'} ${MESSAGE_JOINS}
         WHERE ${where.join(' AND ')} ORDER BY m.id ${dir} LIMIT ?`,
      )
      .all(...params, input.limit);
  }

  /**
   * Ids of one page of a chat's messages in time (id) order from a keyset position, read from an
   * index alone: (chat_id, id) for the whole chat, or with `senderIds` each sender's
   * (sender_id, chat_id, id) entries merged (what they wrote in a group). Callers that merge several
   * chats read the message rows of the final page only (byIds).
   */
  pageIds(input: PageInput): number[] {
    const [from, to] = idRangeOf(input.since, input.until);
    const asc = input.order === 'asc';
    const lo = asc && input.after !== undefined ? Math.max(from, input.after + 1) : from;
    const hi = !asc && input.after !== undefined ? Math.min(to, input.after - 1) : to;
    if (lo > hi || input.limit <= 0) return [];
    const dir = asc ? 'ASC' : 'DESC';
    if (!input.senderIds?.length)
      return this.db
        .prepare<number[], { id: number }>(
          `SELECT id FROM messages INDEXED BY messages_chat WHERE chat_id = ? AND id BETWEEN ? AND ? ORDER BY id ${dir} LIMIT ?`,
        )
        .all(input.chatId, lo, hi, input.limit)
        .map((r) => r.id);
    const bySender = this.db.prepare<number[], { id: number }>(
      `SELECT id FROM messages INDEXED BY messages_sender WHERE sender_id = ? AND chat_id = ? AND id BETWEEN ? AND ? ORDER BY id ${dir} LIMIT ?`,
    );
    const ids = [...new Set(input.senderIds)].flatMap((sender) =>
      bySender.all(sender, input.chatId, lo, hi, input.limit).map((r) => r.id),
    );
    return ids.sort((a, b) => (asc ? a - b : b - a)).slice(0, input.limit);
  }

  revisions(messageId: number): { text: string | null; replaced_at: number }[] {
    return this.db
      .prepare<[number], { text: string | null; replaced_at: number }>(
        'SELECT text, replaced_at FROM message_revisions WHERE message_id = ? ORDER BY id',
      )
      .all(messageId);
  }

  reactions(messageIds: readonly number[]): Map<number, { emoji: string; sender_wa_id: string }[]> {
    const map = new Map<number, { emoji: string; sender_wa_id: string }[]>();
    if (messageIds.length === 0) return map;
    const rows = this.db
      .prepare<number[], { message_id: number; emoji: string; sender_wa_id: string }>(
        `SELECT message_id, emoji, sender_wa_id FROM reactions WHERE emoji <> '' AND message_id IN (${messageIds.map(() => '?').join(',')})`,
      )
      .all(...messageIds);
    for (const r of rows)
      map.set(r.message_id, [
        ...(map.get(r.message_id) ?? []),
        { emoji: r.emoji, sender_wa_id: r.sender_wa_id },
      ]);
    return map;
  }
}
