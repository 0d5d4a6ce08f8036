import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import type { NewMessage } from '../../src/store/types.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * Contact-history reads from indexes: a page of ids per chat (a whole chat, or what some senders
 * wrote in it, merged) and the groups a contact wrote in or belongs to, checked against the rows.
 */

const T0 = 1_700_000_000;
const tmp = tempDir();
let store: Store;
let instance: number;
const groups: number[] = [];
let privateChat: number;
const people = ['5531900000001@c.us', '5531900000002@c.us', '5531900000003@c.us'];

function message(i: number, sender: string | null): NewMessage {
  return {
    waId: `w${i}`,
    ts: T0 + i * 60,
    direction: sender === null ? 'out' : 'in',
    senderWaId: sender,
    senderName: null,
    type: 'text',
    text: `mensagem ${i}`,
    source: 'api',
  };
}

beforeAll(() => {
  store = Store.open(tmp.path('archive.db'));
  instance = store.instances.ensure('greenapi', '1101000001', 'Loja');
  privateChat = store.chats.upsert({ instanceId: instance, waId: people[0]!, type: 'private' });
  for (let g = 0; g < 4; g++)
    groups.push(
      store.chats.upsert({ instanceId: instance, waId: `12036300000000000${g}@g.us`, type: 'group' }),
    );
  store.messages.save(
    instance,
    privateChat,
    Array.from({ length: 300 }, (_, i) => message(i, i % 3 === 0 ? null : people[0]!)),
  );
  // Group 0: people 0 and 1 write; group 1: person 2; group 2: person 1; group 3: only the business.
  const writers = [[people[0]!, people[1]!, people[0]!], [people[2]!], [people[1]!], []];
  groups.forEach((group, g) =>
    store.messages.save(
      instance,
      group,
      Array.from({ length: 200 }, (_, i) => message(i, writers[g]![i % 3] ?? null)),
    ),
  );
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

const contactOf = (wa: string) => store.contacts.findByWaId(wa)[0]!.id;

function rows(chatId: number, senders?: number[]): number[] {
  return store.db
    .prepare<[number], { id: number; sender_id: number | null }>(
      'SELECT id, sender_id FROM messages WHERE chat_id = ? ORDER BY id',
    )
    .all(chatId)
    .filter((r) => senders === undefined || (r.sender_id !== null && senders.includes(r.sender_id)))
    .map((r) => r.id);
}

describe('HistoryRepo.pageIds', () => {
  it('pages a whole chat and the merged messages of several senders, both ways, from a keyset', () => {
    const both = [contactOf(people[0]!), contactOf(people[1]!)];
    for (const [chatId, senders] of [
      [privateChat, undefined],
      [groups[0]!, both],
      [groups[0]!, [both[1]!]],
      [groups[1]!, both],
    ] as const) {
      const expected = rows(chatId, senders as number[] | undefined);
      for (const order of ['asc', 'desc'] as const) {
        const want = order === 'asc' ? expected : [...expected].reverse();
        const seen: number[] = [];
        let after: number | undefined;
        for (;;) {
          const page = store.history.pageIds({
            chatId,
            ...(senders ? { senderIds: [...senders] } : {}),
            order,
            after,
            limit: 17,
          });
          seen.push(...page);
          if (page.length < 17) break;
          after = page[page.length - 1];
        }
        expect(seen).toEqual(want);
      }
    }
  });

  it('keeps to since/until', () => {
    const since = T0 + 50 * 60;
    const until = T0 + 90 * 60;
    const ids = store.history.pageIds({ chatId: privateChat, since, until, order: 'asc', limit: 100 });
    expect(ids).toHaveLength(40);
    expect(store.history.byIds(ids).every((m) => m.ts >= since && m.ts < until)).toBe(true);
  });
});

describe('ChatsRepo.groupsOf', () => {
  it('finds the groups a contact wrote in or is a member of, most recent first', () => {
    const [p0, p1, p2] = people.map(contactOf) as [number, number, number];
    const ids = (contacts: number[]) => store.chats.groupsOf(contacts).map((c) => c.id);
    expect(ids([p0])).toEqual([groups[0]]);
    expect(new Set(ids([p1]))).toEqual(new Set([groups[0], groups[2]]));
    expect(ids([p2])).toEqual([groups[1]]);
    expect(new Set(ids([p0, p1]))).toEqual(new Set([groups[0], groups[2]]));
    store.db
      .prepare('INSERT INTO group_members (chat_id, contact_id, updated_at) VALUES (?, ?, 0)')
      .run(groups[3]!, p0);
    expect(new Set(ids([p0]))).toEqual(new Set([groups[0], groups[3]]));
    expect(ids([])).toEqual([]);
    const order = store.chats.groupsOf([p0, p1, p2]).map((c) => c.last_message_at ?? 0);
    expect(order).toHaveLength(4);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });
});
