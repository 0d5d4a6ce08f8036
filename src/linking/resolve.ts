import { InputError, NotFoundError } from '../errors.js';
import type { ChatRow } from '../store/chats.js';
import type { ContactRow } from '../store/contacts.js';
import type { Store } from '../store/index.js';
import { foldText } from '../text.js';
import { formatPhone, looksLikePhone, normalisePhone, waIdsForPhone } from './phone.js';

/**
 * Turns what a person or assistant writes ("+55 (31) 99876-5432", "5531998765432@c.us", "Boi Gaúcho",
 * an archive id) into the chats and contacts it means.
 */

/** Archive chat ids are small; anything with 7+ digits is read as a phone number. */
const ARCHIVE_ID = /^#?(\d{1,6})$/;

export function resolveChats(store: Store, input: string, defaultCountry: string): ChatRow[] {
  const text = input.trim();
  if (text === '')
    throw new InputError(
      'The chat is empty.',
      'Pass a chat id from list_chats, a chat name or a phone number.',
    );
  const archiveId = ARCHIVE_ID.exec(text);
  if (archiveId) {
    const chat = store.chats.get(Number(archiveId[1]));
    if (chat) return [chat];
  }
  if (text.includes('@')) {
    const chats = store.chats.byWaId(text);
    if (chats.length) return chats;
  } else if (looksLikePhone(text)) {
    const phone = normalisePhone(text, defaultCountry);
    if (phone) {
      const chats = [
        ...store.chats.byContacts(store.contacts.findByPhone(phone).map((c) => c.id)),
        ...waIdsForPhone(phone).flatMap((id) => store.chats.byWaId(id)),
      ];
      const unique = [...new Map(chats.map((c) => [c.id, c])).values()];
      if (unique.length) return unique;
    }
  } else {
    const chats = store.chats.byName(text, 50);
    if (chats.length) return chats;
  }
  throw new NotFoundError(
    `No chat matches "${text.slice(0, 80)}".`,
    'Call list_chats to see the chats in the archive (filter by name or phone), then pass its chat_id.',
  );
}

export interface ResolvedContact {
  /** One person may have a contact row per instance; all of them. */
  contacts: ContactRow[];
  name: string | null;
  phone: string | null;
}

function describe(c: ContactRow): string {
  const name = c.saved_name ?? c.push_name ?? 'unnamed';
  return c.phone ? `${name} (${formatPhone(c.phone)})` : name;
}

function group(contacts: ContactRow[]): ResolvedContact {
  const first = contacts[0]!;
  return {
    contacts,
    name: first.saved_name ?? first.push_name,
    phone: contacts.find((c) => c.phone)?.phone ?? null,
  };
}

/** Resolves a contact given as a phone in any format, a WhatsApp/chat id, or a name. */
export function resolveContact(store: Store, input: string, defaultCountry: string): ResolvedContact {
  const text = input.trim();
  if (text === '') throw new InputError('The contact is empty.', 'Pass a phone number, a chat id or a name.');
  const archiveId = ARCHIVE_ID.exec(text);
  if (text.includes('@') || archiveId) {
    const chats = archiveId
      ? [store.chats.get(Number(archiveId[1]))].filter((c): c is ChatRow => c !== undefined)
      : store.chats.byWaId(text);
    const group_ = chats.find((c) => c.type === 'group');
    if (group_ && chats.every((c) => c.type === 'group')) {
      throw new InputError(
        `"${text}" is a group chat, not a contact.`,
        "Use search_messages with chat set to the group, or get_contact_history with a member's phone.",
      );
    }
    const viaChats = chats.map((c) => c.contact_id).filter((id): id is number => id !== null);
    const contacts = [
      ...viaChats.map((id) => store.contacts.get(id)!),
      ...(text.includes('@') ? store.contacts.findByWaId(text) : []),
    ];
    const unique = [...new Map(contacts.map((c) => [c.id, c])).values()];
    if (unique.length) return withSamePhone(store, group(unique));
  } else if (looksLikePhone(text)) {
    const phone = normalisePhone(text, defaultCountry);
    if (!phone)
      throw new InputError(
        `"${text}" is not a valid phone number.`,
        'Write it with the area code, e.g. +55 31 99876-5432 or 31 99876-5432.',
      );
    const contacts = store.contacts.findByPhone(phone);
    if (contacts.length) return group(contacts);
    throw new NotFoundError(
      `No contact with phone ${formatPhone(phone)} is in the archive.`,
      'Check the number, or call list_chats with part of the name to find the chat.',
    );
  } else {
    const contacts = store.contacts.findByName(text);
    if (contacts.length) {
      // Several rows of one person (one per instance) share a phone: that is not ambiguity.
      const people = new Map<string, ContactRow[]>();
      for (const c of contacts)
        people.set(c.phone ?? `#${c.id}`, [...(people.get(c.phone ?? `#${c.id}`) ?? []), c]);
      const exact = [...people.values()].filter((rows) =>
        rows.some((c) =>
          [c.saved_name, c.push_name].some((n) => n !== null && foldText(n) === foldText(text)),
        ),
      );
      const chosen = people.size === 1 ? [...people.values()][0]! : exact.length === 1 ? exact[0]! : null;
      if (chosen) return withSamePhone(store, group(chosen));
      const candidates = [...people.values()].slice(0, 10).map((rows) => describe(rows[0]!));
      throw new InputError(
        `"${text}" matches ${people.size} contacts: ${candidates.join('; ')}.`,
        'Call again with the phone number of the one you mean.',
      );
    }
    const chats = store.chats.byName(text).filter((c) => c.type === 'private' && c.contact_id !== null);
    if (chats.length === 1) return group([store.contacts.get(chats[0]!.contact_id!)!]);
  }
  throw new NotFoundError(
    `No contact matches "${text.slice(0, 80)}".`,
    'Call list_chats to find the chat (by name or phone), then pass its phone or chat id.',
  );
}

function withSamePhone(store: Store, resolved: ResolvedContact): ResolvedContact {
  if (!resolved.phone) return resolved;
  const all = [...resolved.contacts, ...store.contacts.findByPhone(resolved.phone)];
  return { ...resolved, contacts: [...new Map(all.map((c) => [c.id, c])).values()] };
}
