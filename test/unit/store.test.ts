import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { ID_PER_SECOND } from '../../src/store/message-ids.js';
import { messageTags } from '../../src/store/messages.js';
import { parseSearchQuery } from '../../src/store/search-query.js';
import type { NewMessage } from '../../src/store/types.js';
import { foldedTokens, tempDir } from '../helpers/tmp.js';

const T0 = 1_740_000_000; // 2025-02-19T21:20:00Z
const JOAO = '5531998765432@c.us';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let instance: number;
let chat: number;

function msg(waId: string, ts: number, text: string | null, extra: Partial<NewMessage> = {}): NewMessage {
  return {
    waId,
    ts,
    direction: 'in',
    senderWaId: JOAO,
    senderName: 'João',
    type: 'text',
    text,
    source: 'api',
    ...extra,
  };
}

function row(id: number) {
  return store.db.prepare<[number], Record<string, unknown>>('SELECT * FROM messages WHERE id = ?').get(id)!;
}

function chatRow(id = chat) {
  return store.chats.get(id)!;
}

/** Message ids found by a full-text query, oldest first. */
function find(query: string): number[] {
  return store.search
    .search({ query: parseSearchQuery(query), sort: 'oldest', limit: 100 })
    .hits.map((h) => h.id);
}

/**
 * Checks the full-text index against the messages: it must be internally sound, and hold exactly the
 * folded words of every message that has text (and nothing of messages without text or deleted rows).
 * FTS5's own check against the content table (rank 1) does not apply: text-less messages are left out
 * of the index on purpose, so it would report them.
 */
function ftsIntegrity(): void {
  store.db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  store.db.exec(
    'CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab (main, messages_fts, instance)',
  );
  const indexed = new Map<number, string[]>();
  for (const r of store.db
    .prepare<[], { term: string; doc: number }>(
      "SELECT term, doc FROM temp.fts_instances WHERE col = 'text' ORDER BY doc, offset",
    )
    .all()) {
    indexed.set(r.doc, [...(indexed.get(r.doc) ?? []), r.term]);
  }
  const expected = new Map<number, string[]>();
  for (const r of store.db
    .prepare<[], { id: number; text: string }>(
      'SELECT id, text FROM messages WHERE text IS NOT NULL ORDER BY id',
    )
    .all()) {
    const tokens = foldedTokens(r.text);
    if (tokens.length) expected.set(r.id, tokens);
  }
  expect(indexed).toEqual(expected);
}

beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.path('archive.db'));
  instance = store.instances.ensure('greenapi', '1101000001', 'Loja');
  chat = store.chats.upsert({ instanceId: instance, waId: JOAO, type: 'private', name: 'João Silva' });
});

afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('MessagesRepo.save', () => {
  it('stores a message once per (chat, WhatsApp id)', () => {
    expect(store.messages.save(instance, chat, [msg('A', T0, 'orçamento')])).toEqual({
      inserted: 1,
      updated: 0,
      duplicates: 0,
    });
    expect(
      store.messages.save(instance, chat, [msg('A', T0, 'orçamento'), msg('A', T0, 'orçamento')]),
    ).toEqual({
      inserted: 0,
      updated: 0,
      duplicates: 2,
    });
    expect(chatRow().message_count).toBe(1);
    // The same id in another chat is another message.
    const other = store.chats.upsert({ instanceId: instance, waId: '5521987654321@c.us', type: 'private' });
    expect(store.messages.save(instance, other, [msg('A', T0, 'orçamento')]).inserted).toBe(1);
    expect(find('orcamento')).toHaveLength(2);
  });

  it('keeps every column of the message', () => {
    store.messages.save(instance, chat, [
      msg('DOC', T0, 'OS-30415.pdf', {
        type: 'document',
        quotedWaId: 'Q1',
        mediaMime: 'application/pdf',
        mediaName: 'OS-30415.pdf',
        mediaUrl: 'https://media.example.invalid/x',
        mediaSha256: 'ab'.repeat(32),
        status: 'read',
        extra: { typeMessage: 'documentMessage', jpegThumbnail: null },
      }),
    ]);
    const id = store.messages.idOf(chat, 'DOC')!;
    const r = row(id);
    expect(r).toMatchObject({
      chat_id: chat,
      wa_id: 'DOC',
      ts: T0,
      direction: 'in',
      sender_name: 'João',
      type: 'document',
      text: 'OS-30415.pdf',
      quoted_wa_id: 'Q1',
      media_mime: 'application/pdf',
      media_name: 'OS-30415.pdf',
      media_url: 'https://media.example.invalid/x',
      media_sha256: 'ab'.repeat(32),
      edited: 0,
      deleted: 0,
      status: 'read',
      source: 'api',
    });
    expect(JSON.parse(r.extra as string)).toEqual({ typeMessage: 'documentMessage', jpegThumbnail: null });
    const view = store.history.get(id)!;
    expect(view.sender_phone).toBe('+5531998765432');
    expect(view.chat_name).toBe('João Silva');
    expect(view.chat_wa_id).toBe(JOAO);
  });

  it('keeps the earlier text of an edited copy as a revision, and the index follows the edit', () => {
    store.messages.save(instance, chat, [msg('E', T0, 'O boleto venceu ontem')]);
    const id = store.messages.idOf(chat, 'E')!;
    expect(find('venceu')).toEqual([id]);
    expect(
      store.messages.save(instance, chat, [msg('E', T0 + 60, 'O boleto vence amanhã', { edited: true })]),
    ).toEqual({
      inserted: 0,
      updated: 1,
      duplicates: 0,
    });
    expect(row(id)).toMatchObject({ text: 'O boleto vence amanhã', edited: 1, ts: T0 });
    expect(store.history.revisions(id)).toEqual([{ text: 'O boleto venceu ontem', replaced_at: T0 + 60 }]);
    expect(find('venceu')).toEqual([]);
    expect(find('vence amanha')).toEqual([id]);
    expect(find('boleto')).toEqual([id]);

    // A second edit event keeps both earlier texts, in order.
    expect(store.messages.edit(chat, 'E', 'O boleto foi pago', T0 + 120)).toBe(true);
    expect(store.history.revisions(id).map((r) => r.text)).toEqual([
      'O boleto venceu ontem',
      'O boleto vence amanhã',
    ]);
    expect(find('pago')).toEqual([id]);
    expect(find('vence')).toEqual([]);
    // The same text again is not a new revision.
    store.messages.edit(chat, 'E', 'O boleto foi pago', T0 + 180);
    expect(
      store.messages.save(instance, chat, [msg('E', T0, 'O boleto foi pago', { edited: true })]).duplicates,
    ).toBe(1);
    expect(store.history.revisions(id)).toHaveLength(2);
    expect(store.messages.edit(chat, 'UNKNOWN', 'x', T0)).toBe(false);
    ftsIntegrity();
  });

  it('keeps the content of a deleted message', () => {
    store.messages.save(instance, chat, [msg('D', T0, 'senha do portal: azul123')]);
    const id = store.messages.idOf(chat, 'D')!;
    // A deleted copy (as the API returns it later) carries no text.
    expect(
      store.messages.save(instance, chat, [msg('D', T0, null, { deleted: true, type: 'deleted' })]),
    ).toEqual({
      inserted: 0,
      updated: 1,
      duplicates: 0,
    });
    expect(row(id)).toMatchObject({ text: 'senha do portal: azul123', deleted: 1, type: 'text' });
    expect(find('azul123')).toEqual([id]);
    // Deleting again changes nothing; a delete event on an unknown message is reported.
    expect(store.messages.save(instance, chat, [msg('D', T0, null, { deleted: true })]).duplicates).toBe(1);
    expect(store.messages.markDeleted(chat, 'D')).toBe(true);
    expect(store.messages.markDeleted(chat, 'NOPE')).toBe(false);

    store.messages.save(instance, chat, [msg('D2', T0 + 1, 'outra mensagem')]);
    expect(store.messages.markDeleted(chat, 'D2')).toBe(true);
    expect(row(store.messages.idOf(chat, 'D2')!)).toMatchObject({ text: 'outra mensagem', deleted: 1 });
    expect(chatRow().message_count).toBe(2);
  });

  it('brings the delivery status up to date', () => {
    store.messages.save(instance, chat, [msg('S', T0, 'oi', { direction: 'out', status: 'sent' })]);
    expect(
      store.messages.save(instance, chat, [msg('S', T0, 'oi', { direction: 'out', status: 'read' })]).updated,
    ).toBe(1);
    expect(row(store.messages.idOf(chat, 'S')!).status).toBe('read');
    expect(store.messages.setStatus(chat, 'S', 'delivered')).toBe(true);
    expect(row(store.messages.idOf(chat, 'S')!).status).toBe('delivered');
    // A copy without a status keeps the one held.
    store.messages.save(instance, chat, [msg('S', T0, 'oi', { direction: 'out' })]);
    expect(row(store.messages.idOf(chat, 'S')!).status).toBe('delivered');
    expect(store.messages.setStatus(chat, 'NOPE', 'read')).toBe(false);
  });

  it('keeps the newest reaction of each sender and forgets removed ones', () => {
    store.messages.save(instance, chat, [msg('R', T0, 'Orçamento enviado')]);
    const id = store.messages.idOf(chat, 'R')!;
    expect(store.messages.react(chat, 'R', JOAO, '👍', T0 + 10)).toBe(true);
    store.messages.react(chat, 'R', '5521987654321@c.us', '❤️', T0 + 11);
    expect(store.history.reactions([id]).get(id)).toHaveLength(2);
    // An older reaction arriving late does not replace a newer one.
    store.messages.react(chat, 'R', JOAO, '😡', T0 + 5);
    expect(store.history.reactions([id]).get(id)).toContainEqual({ emoji: '👍', sender_wa_id: JOAO });
    store.messages.react(chat, 'R', JOAO, '🙏', T0 + 20);
    expect(store.history.reactions([id]).get(id)).toContainEqual({ emoji: '🙏', sender_wa_id: JOAO });
    // '' removes a reaction.
    store.messages.react(chat, 'R', JOAO, '', T0 + 30);
    expect(store.history.reactions([id]).get(id)).toEqual([
      { emoji: '❤️', sender_wa_id: '5521987654321@c.us' },
    ]);
    expect(store.messages.react(chat, 'NOPE', JOAO, '👍', T0)).toBe(false);
    expect(store.history.reactions([])).toEqual(new Map());
  });
});

describe('message ids', () => {
  it('order messages by time whatever order they arrive in', () => {
    const times = [T0 + 50, T0, T0 + 3600, T0 + 1, T0 - 86400, T0];
    store.messages.save(
      instance,
      chat,
      times.map((t, i) => msg(`M${i}`, t, `m${i}`)),
    );
    const ids = times.map((_, i) => store.messages.idOf(chat, `M${i}`)!);
    ids.forEach((id, i) => {
      expect(Math.floor(id / ID_PER_SECOND)).toBe(times[i]);
      expect(row(id).ts).toBe(times[i]);
    });
    // Two messages in one second get consecutive ids in arrival order.
    expect(ids[5]).toBe(ids[1]! + 1);
    const sortedByTime = [...ids].sort((a, b) => a - b).map((id) => row(id).ts as number);
    expect(sortedByTime).toEqual([...times].sort((a, b) => a - b));
  });

  it('spill into the next second when a second is full', () => {
    const burst = Array.from({ length: ID_PER_SECOND + 2 }, (_, i) => msg(`B${i}`, T0, `burst ${i}`));
    store.write(() => store.messages.save(instance, chat, burst));
    const ids = burst.map((m) => store.messages.idOf(chat, m.waId)!);
    expect(new Set(ids).size).toBe(burst.length);
    expect(ids[0]).toBe(T0 * ID_PER_SECOND);
    expect(ids[ID_PER_SECOND - 1]).toBe(T0 * ID_PER_SECOND + ID_PER_SECOND - 1);
    expect(ids[ID_PER_SECOND]).toBe((T0 + 1) * ID_PER_SECOND);
    expect(row(ids[ID_PER_SECOND + 1]!).ts).toBe(T0 + 1);
    // A message of the next second that arrives later goes after the spilled ones.
    store.messages.save(instance, chat, [msg('NEXT', T0 + 1, 'next second')]);
    expect(store.messages.idOf(chat, 'NEXT')).toBe((T0 + 1) * ID_PER_SECOND + 2);
    expect(chatRow()).toMatchObject({
      message_count: ID_PER_SECOND + 3,
      first_message_at: T0,
      last_message_at: T0 + 1,
    });
  });

  it('go around the ids other chats hold in the same seconds', () => {
    const other = store.chats.upsert({ instanceId: instance, waId: 'grupo@g.us', type: 'group' });
    store.messages.save(instance, other, [msg('O1', T0, 'o1'), msg('O2', T0, 'o2'), msg('O3', T0 + 2, 'o3')]);
    const times = [T0 - 1, T0, T0, T0 + 1, T0 + 2, T0 + 3];
    store.write(() =>
      store.messages.save(
        instance,
        chat,
        times.map((t, i) => msg(`M${i}`, t, `m${i}`)),
      ),
    );
    const ids = times.map((_, i) => store.messages.idOf(chat, `M${i}`)!);
    expect(ids.map((id) => id - T0 * ID_PER_SECOND)).toEqual([
      -ID_PER_SECOND,
      2,
      3,
      ID_PER_SECOND,
      2 * ID_PER_SECOND + 1,
      3 * ID_PER_SECOND,
    ]);
    ids.forEach((id, i) => expect(row(id).ts).toBe(times[i]));
  });

  it('refuse times that cannot be stored', () => {
    expect(() => store.messages.save(instance, chat, [msg('NEG', -1, 'x')])).toThrow(RangeError);
    expect(() => store.messages.save(instance, chat, [msg('FRAC', T0 + 0.5, 'x')])).toThrow(RangeError);
    expect(() => store.messages.save(instance, chat, [msg('HUGE', 2 ** 45, 'x')])).toThrow(RangeError);
    expect(chatRow().message_count).toBe(0);
  });
});

describe('poll votes', () => {
  it('keep the newest tally on the poll message', () => {
    store.messages.save(instance, chat, [msg('POLL', T0, 'Melhor dia?\nSegunda\nTerça', { type: 'poll' })]);
    const monday = [
      { option: 'Segunda', voters: [JOAO] },
      { option: 'Terça', voters: [] },
    ];
    const tuesday = [
      { option: 'Segunda', voters: [] },
      { option: 'Terça', voters: [JOAO] },
    ];
    const extra = () => JSON.parse(row(store.messages.idOf(chat, 'POLL')!).extra as string) as unknown;
    expect(store.messages.setPollVotes(chat, 'POLL', monday, T0 + 60)).toBe(true);
    expect(store.messages.setPollVotes(chat, 'POLL', tuesday, T0 + 120)).toBe(true);
    // An older update arriving late changes nothing.
    store.messages.setPollVotes(chat, 'POLL', monday, T0 + 90);
    expect(extra()).toEqual({ votes: tuesday, votesAt: T0 + 120 });
    expect(store.messages.setPollVotes(chat, 'UNKNOWN', [], T0)).toBe(false);
  });
});

describe('filter tokens', () => {
  it('are indexed exactly as the generated column holds them', () => {
    const group = store.chats.upsert({ instanceId: instance, waId: 'grupo@g.us', type: 'group' });
    store.messages.save(instance, chat, [
      msg('T1', T0, 'texto'),
      msg('T2', T0 + 1, 'foto.jpg', { type: 'image' }),
      msg('T3', T0 + 2, 'sistema', { type: 'system', direction: 'system', senderWaId: null }),
    ]);
    store.messages.save(instance, group, [msg('T4', T0 + 3, 'no grupo', { type: 'document' })]);
    const rows = store.db
      .prepare<[], { chat_id: number; sender_id: number | null; type: string; tags: string }>(
        'SELECT chat_id, sender_id, type, tags FROM messages',
      )
      .all();
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(messageTags(r.chat_id, r.sender_id, r.type)).toBe(r.tags);
    // The delete trigger removes the entries with the column's value: nothing is left behind.
    store.db.exec('DELETE FROM messages');
    expect(
      store.db
        .prepare(
          "SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'texto OR foto OR sistema OR grupo'",
        )
        .get(),
    ).toEqual({ n: 0 });
    store.db.exec("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  });
});

describe('chat counters', () => {
  it('are kept by triggers on insert and delete', () => {
    expect(chatRow()).toMatchObject({ message_count: 0, first_message_at: null, last_message_at: null });
    store.messages.save(instance, chat, [msg('A', T0, 'a')]);
    expect(chatRow()).toMatchObject({ message_count: 1, first_message_at: T0, last_message_at: T0 });
    store.messages.save(instance, chat, [
      msg('B', T0 - 500, 'b'),
      msg('C', T0 + 900, null, { type: 'voice' }),
    ]);
    expect(chatRow()).toMatchObject({
      message_count: 3,
      first_message_at: T0 - 500,
      last_message_at: T0 + 900,
    });
    // Duplicates, edits and deletes (marks) do not count.
    store.messages.save(instance, chat, [msg('A', T0, 'a')]);
    store.messages.edit(chat, 'A', 'a2', T0 + 5);
    store.messages.markDeleted(chat, 'B');
    expect(chatRow().message_count).toBe(3);
    store.db.prepare('DELETE FROM messages WHERE id = ?').run(store.messages.idOf(chat, 'C'));
    expect(chatRow().message_count).toBe(2);
    expect(store.status.counts()).toMatchObject({ chats: 1, messages: 2, contacts: 1, instances: 1 });
  });
});

describe('full-text index', () => {
  it('follows inserts, edits and row deletions, and skips messages without text', () => {
    store.messages.save(instance, chat, [
      msg('A', T0, 'Gostaria de um orçamento'),
      msg('B', T0 + 1, null, { type: 'voice' }),
      msg('C', T0 + 2, 'Reunião confirmada'),
    ]);
    const [a, , c] = ['A', 'B', 'C'].map((w) => store.messages.idOf(chat, w)!);
    // One index entry per message with text: every indexed message carries its chat's tag.
    expect(store.db.prepare('SELECT doc FROM messages_fts_terms WHERE term = ?').get(`c${chat}`)).toEqual({
      doc: 2,
    });
    expect(find('orcamento')).toEqual([a]);
    expect(find('REUNIAO')).toEqual([c]);
    store.messages.edit(chat, 'A', 'Gostaria de uma cotação', T0 + 10);
    expect(find('orcamento')).toEqual([]);
    expect(find('cotacao')).toEqual([a]);
    store.db.prepare('DELETE FROM messages WHERE id = ?').run(c);
    expect(find('reuniao')).toEqual([]);
    ftsIntegrity();
  });

  it('is checked closely enough to notice a stale entry (the check above can fail)', () => {
    store.messages.save(instance, chat, [msg('A', T0, 'orçamento')]);
    ftsIntegrity();
    const id = store.messages.idOf(chat, 'A')!;
    // Change the text behind the index's back: the triggers only watch UPDATE OF text.
    store.db.exec('DROP TRIGGER messages_au');
    store.db.prepare('UPDATE messages SET text = ? WHERE id = ?').run('cotação', id);
    expect(() => ftsIntegrity()).toThrow();
  });

  it('indexes chat, sender and type as filter tags beside the text', () => {
    const other = store.chats.upsert({
      instanceId: instance,
      waId: '120363025555555555@g.us',
      type: 'group',
      name: 'Grupo',
    });
    store.messages.save(instance, chat, [
      msg('A', T0, 'orçamento'),
      msg('B', T0 + 1, 'orçamento.pdf', { type: 'document' }),
    ]);
    store.messages.save(instance, other, [
      msg('C', T0 + 2, 'orçamento', { senderWaId: '5521987654321@c.us', senderName: 'Maria' }),
    ]);
    const query = parseSearchQuery('orcamento');
    const ids = (input: Partial<Parameters<Store['search']['search']>[0]>) =>
      store.search.search({ query, sort: 'oldest', limit: 10, ...input }).hits.map((h) => h.wa_id);
    expect(ids({})).toEqual(['A', 'B', 'C']);
    expect(ids({ chatIds: [other] })).toEqual(['C']);
    expect(ids({ chatIds: [chat, other] })).toEqual(['A', 'B', 'C']);
    const joao = store.contacts.findByWaId(JOAO)[0]!.id;
    expect(ids({ senderIds: [joao] })).toEqual(['A', 'B']);
    expect(ids({ types: ['document'] })).toEqual(['B']);
    expect(ids({ types: ['text'] })).toEqual(['A', 'C']);
    expect(ids({ types: ['text', 'document'] })).toEqual(['A', 'B', 'C']);
    // The filter tags are not searchable as text.
    expect(find(`c${chat}`)).toEqual([]);
    expect(find('tdocument')).toEqual([]);
  });
});

describe('ContactsRepo', () => {
  it('maps the @c.us and @lid ids of one person to one contact', () => {
    const id = store.contacts.upsert({
      instanceId: instance,
      waIds: [JOAO, '99887766554433@lid'],
      savedName: 'João Silva',
    });
    expect(store.contacts.idForWaId(instance, '99887766554433@lid', 'João')).toBe(id);
    expect(store.contacts.idForWaId(instance, JOAO, null)).toBe(id);
    expect(store.contacts.waIds(id)).toEqual([JOAO, '99887766554433@lid'].sort());
    // A known author keeps its contact row as it is (names are refreshed by contact upserts).
    expect(store.contacts.get(id)).toMatchObject({
      phone: '+5531998765432',
      saved_name: 'João Silva',
      push_name: null,
    });
    // An unknown author gets a contact with the name the message carried.
    const maria = store.contacts.idForWaId(instance, '5521987654321@c.us', 'Maria');
    expect(maria).not.toBe(id);
    expect(store.contacts.get(maria)).toMatchObject({ phone: '+5521987654321', push_name: 'Maria' });
  });

  it('joins an old id without the ninth digit to the contact with it', () => {
    const id = store.contacts.upsert({ instanceId: instance, waIds: [JOAO] });
    expect(
      store.contacts.upsert({ instanceId: instance, waIds: ['553198765432@c.us'], pushName: 'João S.' }),
    ).toBe(id);
    expect(store.contacts.waIds(id)).toContain('553198765432@c.us');
    expect(store.contacts.get(id)!.push_name).toBe('João S.');
  });

  it('keeps one contact per instance and finds all of them by phone in any variant', () => {
    const other = store.instances.ensure('greenapi', '1101000002');
    const a = store.contacts.upsert({ instanceId: instance, waIds: [JOAO], savedName: 'João Silva' });
    const b = store.contacts.upsert({ instanceId: other, waIds: ['553198765432@c.us'] });
    expect(b).not.toBe(a);
    expect(store.contacts.findByPhone('+5531998765432').map((c) => c.id)).toEqual([a, b]);
    expect(store.contacts.findByPhone('+5521987654321')).toEqual([]);
    expect(store.contacts.findByWaId('553198765432@c.us').map((c) => c.id)).toEqual([b]);
  });

  it('fills in missing names without erasing known ones', () => {
    const id = store.contacts.upsert({
      instanceId: instance,
      waIds: [JOAO],
      savedName: 'João Silva',
      pushName: '  ',
    });
    store.contacts.upsert({ instanceId: instance, waIds: [JOAO], savedName: null, pushName: 'Jão' });
    store.contacts.upsert({ instanceId: instance, waIds: [JOAO], savedName: '', pushName: null });
    expect(store.contacts.get(id)).toMatchObject({ saved_name: 'João Silva', push_name: 'Jão', is_me: 0 });
  });

  it('finds contacts by part of a name, exact matches first', () => {
    store.contacts.upsert({ instanceId: instance, waIds: ['5511912345678@c.us'], savedName: 'Maria Souza' });
    store.contacts.upsert({ instanceId: instance, waIds: ['5521987654321@c.us'], savedName: 'Maria' });
    expect(store.contacts.findByName('maria').map((c) => c.saved_name)).toEqual(['Maria', 'Maria Souza']);
    expect(store.contacts.findByName('SOUZA').map((c) => c.saved_name)).toEqual(['Maria Souza']);
    expect(store.contacts.findByName('Pedro')).toEqual([]);
  });
});

describe('ChatsRepo', () => {
  it('creates a chat once and refreshes its name, archive flag and counterparty', () => {
    const contact = store.contacts.upsert({ instanceId: instance, waIds: [JOAO] });
    expect(
      store.chats.upsert({
        instanceId: instance,
        waId: JOAO,
        type: 'private',
        name: '  ',
        archived: true,
        contactId: contact,
      }),
    ).toBe(chat);
    expect(chatRow()).toMatchObject({
      name: 'João Silva',
      archived: 1,
      contact_id: contact,
      phone: '+5531998765432',
    });
    store.chats.upsert({ instanceId: instance, waId: JOAO, type: 'private', name: 'João', archived: false });
    expect(chatRow()).toMatchObject({ name: 'João', archived: 0, contact_id: contact });
    expect(store.chats.byWaId(JOAO).map((c) => c.id)).toEqual([chat]);
    expect(store.chats.idOf(instance, JOAO)).toBe(chat);
    expect(store.chats.idOf(instance, 'nope@c.us')).toBeUndefined();
  });
});
