import { normalisePhone } from '../linking/phone.js';
import type { Store } from '../store/index.js';
import { foldText } from '../text.js';
import type { ChatType } from '../store/types.js';
import { normaliseAuthorForMatch } from './identity.js';
import type { ExportMessage } from './types.js';

/**
 * Where an export belongs: the API-synced chat of the same phone or contact name when there is one
 * (groups: the same name), otherwise a chat of its own in the export source; and which author is
 * the person who exported it (their messages are outgoing).
 */

export interface ChatPlan {
  /** Null when the chat would go to the export source's instance and that does not exist yet. */
  instanceId: number | null;
  chatWaId: string;
  chatType: ChatType;
  chatName: string | null;
  /** How the export joined a chat already in the archive; null for a new export-only chat. */
  joinedBy: 'phone' | 'name' | null;
  existingChatId: number | null;
  counterpartContactId: number | null;
  me: { author: string | null; how: 'option' | 'inferred' | 'unknown' };
}

/** Notices that only groups have (English and Portuguese, as the parser keeps them). */
const GROUP_NOTICE =
  /\b(created group|criou o grupo|criou este grupo|created this group|added|adicionou|removed|removeu|left|saiu|joined using|entrou usando|changed the subject|mudou o assunto|changed this group|group description|descrição do grupo)\b/i;

export const EXPORT_SOURCE = 'exports';

export function planChat(
  store: Store,
  input: {
    chatName: string | null;
    phone: string | null;
    sample: readonly ExportMessage[];
    me: string | null;
    defaultCountry: string;
    /** Tells this file apart (a prefix of its sha256): keys a chat whose name nothing tells. */
    fileKey: string;
  },
): ChatPlan {
  const authors = [
    ...new Set(input.sample.filter((m) => m.kind === 'message' && m.author).map((m) => m.author!)),
  ];
  const isGroup =
    authors.length > 2 || input.sample.some((m) => m.kind === 'system' && GROUP_NOTICE.test(m.text));
  const chatType: ChatType = isGroup ? 'group' : 'private';
  const counterpartPhone = input.phone
    ? normalisePhone(`+${input.phone}`, input.defaultCountry)
    : isGroup
      ? null
      : phoneOfOther(input.sample, input.chatName, input.defaultCountry);

  let existing = null as null | { id: number; instance_id: number; wa_id: string; contact_id: number | null };
  let joinedBy: ChatPlan['joinedBy'] = null;
  if (!isGroup && counterpartPhone) {
    const contacts = store.contacts.findByPhone(counterpartPhone);
    existing = store.chats.byContacts(contacts.map((c) => c.id)).find((c) => c.type === 'private') ?? null;
    if (existing) joinedBy = 'phone';
  }
  if (!existing && input.chatName) {
    const named = store.chats
      .byName(input.chatName, 50)
      .filter((c) => c.type === chatType && foldText(c.name ?? '') === foldText(input.chatName!));
    if (named.length === 1) {
      existing = named[0]!;
      joinedBy = 'name';
    }
  }
  // Planning writes nothing (dry runs use it): the export instance is created when the import writes.
  const instanceId = existing?.instance_id ?? store.instances.find('export', EXPORT_SOURCE)?.id ?? null;
  const me = whoIsMe(store, authors, input, existing?.contact_id ?? null, isGroup);
  const chatWaId =
    existing?.wa_id ??
    (counterpartPhone && !isGroup
      ? `${counterpartPhone.slice(1)}@c.us`
      : input.chatName !== null
        ? `export:${chatType}:${normaliseAuthorForMatch(input.chatName)}`
        : unnamedChatKey(chatType, authors, input.fileKey));
  return {
    instanceId,
    chatWaId,
    chatType,
    chatName: input.chatName ?? (existing ? null : unnamedChatName(authors, me.author)),
    joinedBy,
    existingChatId: existing?.id ?? null,
    counterpartContactId: existing?.contact_id ?? null,
    me,
  };
}

/**
 * The key of a chat whose file name tells no name (`_chat.txt` taken out of its zip, a renamed
 * file): a private chat by its two people (a later export of it joins it), a group by the file
 * (its authors change over time). Never one shared key, which would merge unrelated chats.
 */
function unnamedChatKey(chatType: ChatType, authors: readonly string[], fileKey: string): string {
  if (chatType === 'group' || authors.length === 0) return `export:${chatType}:file:${fileKey}`;
  return `export:private:authors:${authors.map(normaliseAuthorForMatch).sort().join('|')}`;
}

/** A display name for such a chat: the person who is not the exporter, or the authors. */
function unnamedChatName(authors: readonly string[], me: string | null): string | null {
  const others = authors.filter((a) => a !== me);
  if (others.length === 0) return null;
  return others.length <= 3 ? others.join(', ') : `${others.slice(0, 3).join(', ')}…`;
}

/** In a private chat, the author who is not the chat's counterpart; otherwise unknown. */
function whoIsMe(
  store: Store,
  authors: readonly string[],
  input: { chatName: string | null; me: string | null; defaultCountry: string },
  counterpartContactId: number | null,
  isGroup: boolean,
): ChatPlan['me'] {
  if (input.me) {
    const phone = normalisePhone(input.me, input.defaultCountry);
    const found = authors.find(
      (a) =>
        (phone && normalisePhone(a, input.defaultCountry) === phone) ||
        normaliseAuthorForMatch(a) === normaliseAuthorForMatch(input.me!),
    );
    return { author: found ?? input.me, how: 'option' };
  }
  if (isGroup || authors.length === 0) return { author: null, how: 'unknown' };
  const counterpart = counterpartContactId === null ? undefined : store.contacts.get(counterpartContactId);
  const names = [input.chatName, counterpart?.saved_name, counterpart?.push_name]
    .filter((n): n is string => Boolean(n))
    .map(normaliseAuthorForMatch);
  const others = authors.filter((a) => !names.includes(normaliseAuthorForMatch(a)));
  if (others.length === 1 && others.length < authors.length) return { author: others[0]!, how: 'inferred' };
  return { author: null, how: 'unknown' };
}

function phoneOfOther(
  sample: readonly ExportMessage[],
  chatName: string | null,
  defaultCountry: string,
): string | null {
  const fromName = chatName ? normalisePhone(chatName, defaultCountry) : null;
  if (fromName) return fromName;
  const phones = [...new Set(sample.flatMap((m) => (m.authorPhone ? [m.authorPhone] : [])))];
  return phones.length === 1 ? normalisePhone(`+${phones[0]}`, defaultCountry) : null;
}

/** The instance that holds export-only chats, created on first use. */
export function ensureExportInstance(store: Store): number {
  return store.instances.ensure('export', EXPORT_SOURCE, 'WhatsApp exports');
}

/** The WhatsApp id under which an author's messages are stored. */
export function authorWaId(
  store: Store,
  plan: ChatPlan,
  author: string,
  authorPhone: string | undefined,
  defaultCountry: string,
): string {
  if (authorPhone) {
    const phone = normalisePhone(`+${authorPhone}`, defaultCountry);
    if (phone) return `${phone.slice(1)}@c.us`;
  }
  // In a private chat every author but the exporter is the counterpart; when the exporter is not
  // known, only the author named like the chat is.
  const isCounterpart =
    plan.me.author !== null ||
    (plan.chatName !== null && normaliseAuthorForMatch(author) === normaliseAuthorForMatch(plan.chatName));
  if (plan.counterpartContactId !== null && plan.chatType === 'private' && isCounterpart) {
    const ids = store.contacts.waIds(plan.counterpartContactId);
    if (ids[0]) return ids[0];
  }
  const known = store.contacts
    .findByName(author)
    .find(
      (c) =>
        c.instance_id === plan.instanceId &&
        [c.saved_name, c.push_name].some(
          (n) => n && normaliseAuthorForMatch(n) === normaliseAuthorForMatch(author),
        ),
    );
  const knownId = known ? store.contacts.waIds(known.id)[0] : undefined;
  return knownId ?? `export:${normaliseAuthorForMatch(author)}`;
}

/** The exporter's own WhatsApp id in the instance (the synced number's, or a stand-in). */
export function ownWaId(store: Store, instanceId: number): string {
  return store.instances.get(instanceId)?.wid ?? 'export:me';
}
