import type { GreenApiClient } from '../greenapi/index.js';
import type { Store } from '../store/index.js';

/** Contact lists and group details change slowly: fetched again after this long. */
export const DETAILS_MAX_AGE_SECONDS = 24 * 3600;

export interface DirectoryChat {
  waId: string;
  chatId: number;
  name: string | null;
}

/**
 * Brings the instance's chat list and contacts into the store (getChats every run; getContacts when
 * older than a day) and returns the chats to read, with `groupDetails`, which fetches the members and
 * admins of groups whose details are older than a day. getGroupData has its own rate limit, so the
 * caller runs it alongside the journal reads.
 */
export async function syncDirectory(input: {
  store: Store;
  client: GreenApiClient;
  now: () => number;
  instanceId: number;
  signal?: AbortSignal | undefined;
  only?: string[] | undefined;
}): Promise<{
  chats: DirectoryChat[];
  groupDetails: (onError: (chatId: number, error: unknown) => void) => Promise<void>;
}> {
  const { store, client, now, instanceId, signal } = input;
  const stale = (at: number | null) => at === null || now() - at > DETAILS_MAX_AGE_SECONDS;
  const chatList = await client.getChats({}, { signal });
  const contacts = stale(store.instances.get(instanceId)?.contacts_synced_at ?? null)
    ? await client.getContacts({}, { signal })
    : null;

  const wanted = chatList.items.filter((c) => !input.only || input.only.includes(c.id));
  // Chats asked for by id but missing from getChats (e.g. hidden) are still read.
  for (const id of input.only ?? [])
    if (!wanted.some((c) => c.id === id))
      wanted.push({ id, name: undefined, type: id.endsWith('@g.us') ? 'group' : 'user' });

  const chats = store.write(() => {
    if (contacts) {
      for (const c of contacts.items) {
        if (c.type === 'group' || c.id.endsWith('@g.us')) continue;
        store.contacts.upsert({
          instanceId,
          waIds: [c.id],
          savedName: c.contactName ?? null,
          pushName: c.name ?? null,
        });
      }
      store.instances.update(instanceId, { contacts_synced_at: now() });
    }
    return wanted.map((c): DirectoryChat => {
      const group = c.type === 'group' || c.id.endsWith('@g.us');
      const name = c.name?.trim() ? c.name.trim() : null;
      const contactId = group ? null : store.contacts.upsert({ instanceId, waIds: [c.id], savedName: name });
      const chatId = store.chats.upsert({
        instanceId,
        waId: c.id,
        type: group ? 'group' : 'private',
        name,
        archived: c.archive === true,
        contactId,
      });
      return { waId: c.id, chatId, name };
    });
  });

  /** A group that fails goes to `onError` (which rethrows what must stop the run); the others go on. */
  const groupDetails = async (onError: (chatId: number, error: unknown) => void): Promise<void> => {
    for (const chat of chats) {
      if (!chat.waId.endsWith('@g.us') || !stale(store.chats.detailsSyncedAt(chat.chatId))) continue;
      let data;
      try {
        data = await client.getGroupData(chat.waId, { signal });
      } catch (error) {
        onError(chat.chatId, error);
        continue;
      }
      store.write(() => {
        if (!data) return store.chats.markDetailsSynced(chat.chatId, now());
        if (data.subject)
          store.chats.upsert({ instanceId, waId: chat.waId, type: 'group', name: data.subject });
        const members = (data.participants as { id?: unknown; isAdmin?: unknown; isSuperAdmin?: unknown }[])
          .filter((p) => typeof p.id === 'string')
          .map((p) => ({
            contactId: store.contacts.idForWaId(instanceId, p.id as string, null),
            isAdmin: p.isAdmin === true,
            isSuperAdmin: p.isSuperAdmin === true,
          }));
        store.chats.setMembers(chat.chatId, members, now());
      });
      if (data?.subject) chat.name = data.subject;
    }
  };
  return { chats, groupDetails };
}
