import { decodeCursor, encodeCursor, scopeOf } from './cursor.js';
import { foldText } from '../text.js';
import type { Db } from './db.js';
import type { ChatRef, ChatType } from './types.js';

export interface ChatRow {
  id: number;
  instance_id: number;
  wa_id: string;
  type: ChatType;
  name: string | null;
  archived: number;
  contact_id: number | null;
  message_count: number;
  first_message_at: number | null;
  last_message_at: number | null;
  phone: string | null;
}

export type ChatSort = 'last_activity' | 'name' | 'message_count';

export interface ListChatsInput {
  /** Substring of the name, or digits of the phone / chat id. */
  query?: string | undefined;
  /** Extra chat ids to include when `query` is a phone (resolved by the caller). */
  type?: ChatType | undefined;
  instanceId?: number | undefined;
  sort: ChatSort;
  limit: number;
  cursor?: string | undefined;
}

const COLUMNS = `c.id, c.instance_id, c.wa_id, c.type, c.name, c.archived, c.contact_id, c.message_count,
  c.first_message_at, c.last_message_at, p.phone`;
const FROM = 'FROM chats c LEFT JOIN contacts p ON p.id = c.contact_id';

/** Keyset orderings: each sort key ends with the id so that pages never overlap. */
const ORDER: Record<ChatSort, { key: string; dir: 'ASC' | 'DESC'; value: (r: ChatRow) => string | number }> =
  {
    last_activity: {
      key: 'coalesce(c.last_message_at, 0)',
      dir: 'DESC',
      value: (r) => r.last_message_at ?? 0,
    },
    // Sorting uses SQLite's lower(): calling fold() per row would cost a JavaScript call per chat.
    name: {
      key: "lower(coalesce(c.name, ''))",
      dir: 'ASC',
      value: (r) => (r.name ?? '').replace(/[A-Z]/g, (ch) => ch.toLowerCase()),
    },
    message_count: { key: 'c.message_count', dir: 'DESC', value: (r) => r.message_count },
  };

export class ChatsRepo {
  private readonly select;
  private readonly insert;
  private readonly update;

  constructor(private readonly db: Db) {
    this.select = db.prepare<[number, string], { id: number }>(
      'SELECT id FROM chats WHERE instance_id = ? AND wa_id = ?',
    );
    this.insert = db.prepare(
      'INSERT INTO chats (instance_id, wa_id, type, name, archived, contact_id, created_at) VALUES (?, ?, ?, ?, ?, ?, unixepoch())',
    );
    this.update = db.prepare(
      'UPDATE chats SET name = coalesce(?, name), archived = coalesce(?, archived), contact_id = coalesce(?, contact_id) WHERE id = ?',
    );
  }

  /** Creates the chat or refreshes its name, archive flag and counterparty. Returns its id. */
  upsert(ref: ChatRef & { archived?: boolean; contactId?: number | null }): number {
    const name = ref.name?.trim() ? ref.name.trim() : null;
    const archived = ref.archived === undefined ? null : ref.archived ? 1 : 0;
    const existing = this.select.get(ref.instanceId, ref.waId);
    if (existing) {
      this.update.run(name, archived, ref.contactId ?? null, existing.id);
      return existing.id;
    }
    return Number(
      this.insert.run(ref.instanceId, ref.waId, ref.type, name, archived ?? 0, ref.contactId ?? null)
        .lastInsertRowid,
    );
  }

  /** Replaces a group's member list and marks its details fresh. */
  setMembers(
    chatId: number,
    members: { contactId: number; isAdmin: boolean; isSuperAdmin: boolean }[],
    at: number,
  ): void {
    this.db.prepare('DELETE FROM group_members WHERE chat_id = ?').run(chatId);
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO group_members (chat_id, contact_id, is_admin, is_super_admin, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    for (const m of members) insert.run(chatId, m.contactId, m.isAdmin ? 1 : 0, m.isSuperAdmin ? 1 : 0, at);
    this.markDetailsSynced(chatId, at);
  }

  markDetailsSynced(chatId: number, at: number): void {
    this.db.prepare('UPDATE chats SET details_synced_at = ? WHERE id = ?').run(at, chatId);
  }

  detailsSyncedAt(chatId: number): number | null {
    return (
      this.db
        .prepare<[number], { t: number | null }>('SELECT details_synced_at AS t FROM chats WHERE id = ?')
        .get(chatId)?.t ?? null
    );
  }

  /** Chats of an instance by WhatsApp id. */
  ofInstance(instanceId: number): Map<string, number> {
    const rows = this.db
      .prepare<[number], { id: number; wa_id: string }>('SELECT id, wa_id FROM chats WHERE instance_id = ?')
      .all(instanceId);
    return new Map(rows.map((r) => [r.wa_id, r.id]));
  }

  idOf(instanceId: number, waId: string): number | undefined {
    return this.select.get(instanceId, waId)?.id;
  }

  get(id: number): ChatRow | undefined {
    return this.db.prepare<[number], ChatRow>(`SELECT ${COLUMNS} ${FROM} WHERE c.id = ?`).get(id);
  }

  byIds(ids: number[]): ChatRow[] {
    if (ids.length === 0) return [];
    return this.db
      .prepare<number[], ChatRow>(`SELECT ${COLUMNS} ${FROM} WHERE c.id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids);
  }

  /** Chats whose WhatsApp id is exactly `waId` (in any instance). */
  byWaId(waId: string): ChatRow[] {
    return this.db
      .prepare<[string], ChatRow>(`SELECT ${COLUMNS} ${FROM} WHERE c.wa_id = ? ORDER BY c.id`)
      .all(waId);
  }

  /** Chats whose name contains `name` (case-insensitive), exact matches first. */
  byName(name: string, limit = 20): ChatRow[] {
    const needle = foldText(name.trim());
    return this.db
      .prepare<[string, string, number], ChatRow>(
        `SELECT ${COLUMNS} ${FROM} WHERE instr(fold(coalesce(c.name, '')), ?) > 0
         ORDER BY fold(coalesce(c.name, '')) = ? DESC, c.last_message_at DESC LIMIT ?`,
      )
      .all(needle, needle, limit);
  }

  /** Private chats whose counterparty is one of `contactIds`. */
  byContacts(contactIds: number[]): ChatRow[] {
    if (contactIds.length === 0) return [];
    return this.db
      .prepare<number[], ChatRow>(
        `SELECT ${COLUMNS} ${FROM} WHERE c.contact_id IN (${contactIds.map(() => '?').join(',')}) ORDER BY c.id`,
      )
      .all(...contactIds);
  }

  /**
   * Group chats in which any of `contactIds` wrote or is a member. The chats they wrote in are
   * found by skipping through their (sender_id, chat_id) index entries, one probe per chat, rather
   * than by probing every group.
   */
  groupsOf(contactIds: number[]): ChatRow[] {
    if (contactIds.length === 0) return [];
    const list = contactIds.map(() => '?').join(',');
    return this.db
      .prepare<number[], ChatRow>(
        `WITH RECURSIVE senders(id) AS (VALUES ${contactIds.map(() => '(?)').join(',')}),
           wrote(sender, chat_id) AS (
             SELECT id, (SELECT min(chat_id) FROM messages INDEXED BY messages_sender WHERE sender_id = senders.id) FROM senders
             UNION ALL
             SELECT sender, (SELECT min(chat_id) FROM messages INDEXED BY messages_sender WHERE sender_id = wrote.sender AND chat_id > wrote.chat_id)
             FROM wrote WHERE chat_id IS NOT NULL)
         SELECT ${COLUMNS} ${FROM} WHERE c.type = 'group' AND c.id IN (
           SELECT chat_id FROM wrote UNION SELECT chat_id FROM group_members WHERE contact_id IN (${list}))
         ORDER BY c.last_message_at DESC`,
      )
      .all(...contactIds, ...contactIds);
  }

  list(input: ListChatsInput): { chats: ChatRow[]; nextCursor: string | null; total: number } {
    const order = ORDER[input.sort];
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (input.type) {
      where.push('c.type = ?');
      params.push(input.type);
    }
    if (input.instanceId !== undefined) {
      where.push('c.instance_id = ?');
      params.push(input.instanceId);
    }
    const q = input.query?.trim();
    if (q) {
      const digits = q.replace(/\D/g, '');
      const clauses = ["instr(fold(coalesce(c.name, '')), ?) > 0", 'c.wa_id = ?'];
      params.push(foldText(q), q);
      if (digits.length >= 4) {
        clauses.push('instr(c.wa_id, ?) > 0', "instr(coalesce(p.phone, ''), ?) > 0");
        params.push(digits, digits);
      }
      where.push(`(${clauses.join(' OR ')})`);
    }
    const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT count(*) AS n ${FROM} ${filterSql}`).get(...params) as { n: number }
    ).n;

    const scope = scopeOf('chats', { q, t: input.type, i: input.instanceId, s: input.sort });
    const after = decodeCursor(input.cursor, scope);
    const pageWhere = [...where];
    const pageParams = [...params];
    if (after) {
      pageWhere.push(`(${order.key}, c.id) ${order.dir === 'DESC' ? '<' : '>'} (?, ?)`);
      pageParams.push(after[0] as string | number, after[1] as number);
    }
    const rows = this.db
      .prepare<unknown[], ChatRow>(
        `SELECT ${COLUMNS} ${FROM} ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
         ORDER BY ${order.key} ${order.dir}, c.id ${order.dir} LIMIT ?`,
      )
      .all(...pageParams, input.limit + 1);
    const hasMore = rows.length > input.limit;
    const chats = rows.slice(0, input.limit);
    const last = chats[chats.length - 1];
    return {
      chats,
      total,
      nextCursor: hasMore && last ? encodeCursor(scope, [order.value(last), last.id]) : null,
    };
  }
}
