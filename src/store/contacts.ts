import { phoneFromWaId, phoneVariants } from '../linking/phone.js';
import { foldText } from '../text.js';
import type { Db } from './db.js';

export interface ContactRow {
  id: number;
  instance_id: number;
  phone: string | null;
  saved_name: string | null;
  push_name: string | null;
  is_me: number;
}

export interface ContactInput {
  instanceId: number;
  waIds: string[];
  phone?: string | null;
  savedName?: string | null;
  pushName?: string | null;
  isMe?: boolean;
}

/** Contacts and the WhatsApp ids they are known by. */
export class ContactsRepo {
  private readonly byWaId;
  private readonly insertContact;
  private readonly insertWaId;
  private readonly updateNames;

  constructor(private readonly db: Db) {
    this.byWaId = db.prepare<[number, string], { contact_id: number }>(
      'SELECT contact_id FROM contact_ids WHERE instance_id = ? AND wa_id = ?',
    );
    this.insertContact = db.prepare(
      'INSERT INTO contacts (instance_id, phone, saved_name, push_name, is_me, updated_at) VALUES (?, ?, ?, ?, ?, unixepoch())',
    );
    this.insertWaId = db.prepare(
      'INSERT OR IGNORE INTO contact_ids (instance_id, wa_id, contact_id) VALUES (?, ?, ?)',
    );
    this.updateNames = db.prepare(
      `UPDATE contacts SET saved_name = coalesce(?, saved_name), push_name = coalesce(?, push_name),
         phone = coalesce(phone, ?), is_me = max(is_me, ?), updated_at = unixepoch() WHERE id = ?`,
    );
  }

  /**
   * Finds the contact known by any of `waIds` (or by phone within the instance), creates it when
   * unknown, records every id, and fills in names that were missing. Returns its id.
   */
  upsert(input: ContactInput): number {
    const phone = input.phone ?? input.waIds.map(phoneFromWaId).find((p) => p !== null) ?? null;
    let id: number | undefined;
    for (const waId of input.waIds) {
      id = this.byWaId.get(input.instanceId, waId)?.contact_id;
      if (id !== undefined) break;
    }
    if (id === undefined && phone) id = this.findInInstanceByPhone(input.instanceId, phone);
    if (id === undefined) {
      id = Number(
        this.insertContact.run(
          input.instanceId,
          phone,
          blank(input.savedName),
          blank(input.pushName),
          input.isMe ? 1 : 0,
        ).lastInsertRowid,
      );
    } else {
      this.updateNames.run(blank(input.savedName), blank(input.pushName), phone, input.isMe ? 1 : 0, id);
    }
    for (const waId of input.waIds) this.insertWaId.run(input.instanceId, waId, id);
    return id;
  }

  /** The contact id for a message author, created on first sight. */
  idForWaId(instanceId: number, waId: string, pushName: string | null): number {
    const known = this.byWaId.get(instanceId, waId)?.contact_id;
    return known ?? this.upsert({ instanceId, waIds: [waId], pushName });
  }

  private findInInstanceByPhone(instanceId: number, phone: string): number | undefined {
    const variants = phoneVariants(phone);
    const row = this.db
      .prepare<unknown[], { id: number }>(
        `SELECT id FROM contacts WHERE instance_id = ? AND phone IN (${variants.map(() => '?').join(',')}) LIMIT 1`,
      )
      .get(instanceId, ...variants);
    return row?.id;
  }

  get(id: number): ContactRow | undefined {
    return this.db
      .prepare<[number], ContactRow>(
        'SELECT id, instance_id, phone, saved_name, push_name, is_me FROM contacts WHERE id = ?',
      )
      .get(id);
  }

  waIds(contactId: number): string[] {
    return this.db
      .prepare<[number], { wa_id: string }>(
        'SELECT wa_id FROM contact_ids WHERE contact_id = ? ORDER BY wa_id',
      )
      .all(contactId)
      .map((r) => r.wa_id);
  }

  /** Contacts (any instance) with this phone, in any of its variants. */
  findByPhone(phone: string): ContactRow[] {
    const variants = phoneVariants(phone);
    return this.db
      .prepare<unknown[], ContactRow>(
        `SELECT id, instance_id, phone, saved_name, push_name, is_me FROM contacts WHERE phone IN (${variants.map(() => '?').join(',')}) ORDER BY id`,
      )
      .all(...variants);
  }

  /** Contacts known by this exact WhatsApp id in any instance. */
  findByWaId(waId: string): ContactRow[] {
    return this.db
      .prepare<[string], ContactRow>(
        `SELECT c.id, c.instance_id, c.phone, c.saved_name, c.push_name, c.is_me FROM contact_ids i JOIN contacts c ON c.id = i.contact_id WHERE i.wa_id = ? ORDER BY c.id`,
      )
      .all(waId);
  }

  /** Contacts whose saved or push name contains `name` (case-insensitive), exact matches first. */
  findByName(name: string, limit = 20): ContactRow[] {
    const needle = foldText(name.trim());
    return this.db
      .prepare<[string, string, string, string, number], ContactRow>(
        `SELECT id, instance_id, phone, saved_name, push_name, is_me FROM contacts
         WHERE instr(fold(coalesce(saved_name, '')), ?) > 0 OR instr(fold(coalesce(push_name, '')), ?) > 0
         ORDER BY (fold(coalesce(saved_name, '')) = ? OR fold(coalesce(push_name, '')) = ?) DESC, id LIMIT ?`,
      )
      .all(needle, needle, needle, needle, limit);
  }
}

function blank(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}
