/**
 * No duplicates, nothing lost: re-imports, overlapping exports of one chat, exported messages that
 * were also synced from the API, and which chat an export joins (phone, contact name, group name,
 * or a chat of its own whose counterpart get_contact_history then finds).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connected } from '../helpers/client.js';
import { ok } from '../helpers/client.js';
import {
  androidExport,
  androidLine,
  JOAO,
  LOJA,
  rawMessages,
  seedApiChat,
  storedMessages,
  importEnv,
  countRows,
  type ImportEnv,
  type ImportResult,
  type FileResult,
} from '../helpers/import.js';

let env: ImportEnv;
let mcp: Connected;

beforeEach(async () => {
  env = importEnv('wa-import-merge-');
  mcp = await env.connect();
});
afterEach(async () => {
  await mcp.close();
  env.close();
});

async function importOne(path: string, args: Record<string, unknown> = {}): Promise<FileResult> {
  const result = ok<ImportResult>(
    await mcp.call('import_chat_export', { paths: [path], timezone: 'America/Sao_Paulo', ...args }),
  );
  expect(result.files).toHaveLength(1);
  return result.files[0]!;
}

const sp = (time: string): number => Date.parse(`${time}-03:00`) / 1000;

/** A private chat over two years; the first 7 lines are the early export, all 12 the later one. */
const PEDRO_LINES = [
  // January 2019: São Paulo still had daylight saving time (UTC-2).
  androidLine('15/01/2019 09:00', 'Pedro Santos', 'Bom dia, vocês fazem manutenção de freezer?'),
  androidLine('15/01/2019 09:02', 'Loja BMA', 'Fazemos sim!'),
  androidLine('15/01/2019 09:02', 'Loja BMA', 'ok'),
  androidLine('15/01/2019 09:02', 'Loja BMA', 'ok'), // the same text twice in one minute: two messages
  androidLine('20/02/2024 14:30', 'Pedro Santos', 'Preciso de uma visita\n\nurgente'),
  androidLine('20/02/2024 14:31', 'Loja BMA', '<Mídia oculta>'),
  androidLine('20/02/2024 14:35', 'Pedro Santos', 'Obrigado'),
  androidLine('21/02/2024 10:00', 'Pedro Santos', 'O técnico chegou'),
  androidLine('21/02/2024 10:00', 'Loja BMA', 'ok'),
  androidLine('21/02/2024 10:05', 'Pedro Santos', 'Mensagem apagada'),
  androidLine('21/02/2024 18:00', 'Loja BMA', 'Serviço concluído, OS 30777.'),
  androidLine('22/02/2024 08:00', 'Pedro Santos', 'Obrigado'),
];

describe('re-imports and overlapping exports', () => {
  it('imports nothing new from the same file twice', async () => {
    const path = env.write('WhatsApp Chat with Pedro Santos.txt', androidExport(PEDRO_LINES));
    const first = await importOne(path);
    expect(first).toMatchObject({ status: 'imported', messages: 12, inserted: 12 });
    const again = await importOne(path);
    expect(again).toMatchObject({
      status: 'already_imported',
      format: 'android',
      date_order: 'dmy',
      messages: 12,
      inserted: 0,
      chat: { chat_id: first.chat.chat_id, name: 'Pedro Santos', type: 'private' },
      first_time: first.first_time,
      last_time: first.last_time,
    });
    // A dry run tells the same: importing it would add nothing.
    expect(await importOne(path, { dry_run: true })).toMatchObject({
      status: 'already_imported',
      inserted: 0,
    });
    // The same bytes under another name are the same export.
    const copy = env.write('copy/WhatsApp Chat with Pedro Santos (1).txt', androidExport(PEDRO_LINES));
    expect(await importOne(copy)).toMatchObject({ status: 'already_imported', inserted: 0 });
    expect(countRows(env.store, 'messages')).toBe(12);
    expect(countRows(env.store, 'import_files')).toBe(1);
  });

  it('stores the union of an early and a later, longer export of one chat, once', async () => {
    const early = env.write(
      '2024/WhatsApp Chat with Pedro Santos.txt',
      androidExport(PEDRO_LINES.slice(0, 7)),
    );
    const later = env.write('2025/WhatsApp Chat with Pedro Santos.txt', androidExport(PEDRO_LINES));
    const a = await importOne(early);
    expect(a).toMatchObject({ status: 'imported', messages: 7, inserted: 7, duplicates: 0 });
    const b = await importOne(later);
    expect(b).toMatchObject({
      status: 'imported',
      chat: { chat_id: a.chat.chat_id, joined: 'name' },
      messages: 12,
      inserted: 5,
      duplicates: 7,
    });
    const rows = storedMessages(env.store, a.chat.chat_id!);
    expect(rows.map((r) => [r.ts, r.sender_name, r.direction, r.type, r.text])).toEqual([
      [
        Date.parse('2019-01-15T09:00:00-02:00') / 1000,
        'Pedro Santos',
        'in',
        'text',
        'Bom dia, vocês fazem manutenção de freezer?',
      ],
      [Date.parse('2019-01-15T09:02:00-02:00') / 1000, 'Loja BMA', 'out', 'text', 'Fazemos sim!'],
      [Date.parse('2019-01-15T09:02:00-02:00') / 1000, 'Loja BMA', 'out', 'text', 'ok'],
      [Date.parse('2019-01-15T09:02:00-02:00') / 1000, 'Loja BMA', 'out', 'text', 'ok'],
      [sp('2024-02-20T14:30:00'), 'Pedro Santos', 'in', 'text', 'Preciso de uma visita\n\nurgente'],
      [sp('2024-02-20T14:31:00'), 'Loja BMA', 'out', 'unknown', null],
      [sp('2024-02-20T14:35:00'), 'Pedro Santos', 'in', 'text', 'Obrigado'],
      [sp('2024-02-21T10:00:00'), 'Pedro Santos', 'in', 'text', 'O técnico chegou'],
      [sp('2024-02-21T10:00:00'), 'Loja BMA', 'out', 'text', 'ok'],
      [sp('2024-02-21T10:05:00'), 'Pedro Santos', 'in', 'deleted', null],
      [sp('2024-02-21T18:00:00'), 'Loja BMA', 'out', 'text', 'Serviço concluído, OS 30777.'],
      [sp('2024-02-22T08:00:00'), 'Pedro Santos', 'in', 'text', 'Obrigado'],
    ]);
    expect(new Set(rows.map((r) => r.wa_id)).size).toBe(12);
    // Chat bookkeeping follows (kept by triggers).
    expect(env.store.chats.get(a.chat.chat_id!)).toMatchObject({
      message_count: 12,
      first_message_at: rows[0]!.ts,
      last_message_at: rows[11]!.ts,
    });
    // And in the other order: the early export adds nothing to the later one.
    const again = env.write(
      'old/WhatsApp Chat with Pedro Santos.txt',
      androidExport(PEDRO_LINES.slice(2, 6)),
    );
    expect(await importOne(again)).toMatchObject({ status: 'imported', inserted: 0, duplicates: 4 });
    expect(countRows(env.store, 'messages')).toBe(12);
  });
});

/** The API knew the last three messages of the morning; the export has the whole conversation. */
const API_COPIES = [
  { time: '2025-05-10T09:15:23', direction: 'in', text: 'Bom dia, o orçamento da OS 30415 ficou pronto?' },
  { time: '2025-05-10T09:16:40', direction: 'out', text: 'Bom dia João! Ficou sim:\nR$ 1.250,00' },
  { time: '2025-05-10T09:20:05', direction: 'in', text: 'Ótimo, pode fazer 👍' },
] as const;

function joaoExport(author: string): string {
  return androidExport([
    androidLine('10/05/2025 09:10', author, 'Oi, tudo bem?'),
    androidLine('10/05/2025 09:15', author, 'Bom dia, o orçamento da OS 30415 ficou pronto?'),
    androidLine('10/05/2025 09:16', 'Loja Centro', 'Bom dia João! Ficou sim:\nR$ 1.250,00'),
    androidLine('10/05/2025 09:20', author, 'Ótimo, pode fazer 👍'),
    androidLine('10/05/2025 09:21', author, 'Obrigado'),
  ]);
}

describe('exported messages also synced from the API', () => {
  for (const [label, fileName, author, joined] of [
    ['phone', `WhatsApp Chat with ${JOAO.shown}.txt`, JOAO.shown, 'phone'],
    ['contact name', `WhatsApp Chat with ${JOAO.name}.txt`, JOAO.name, 'name'],
  ] as const) {
    it(`joins the synced private chat by ${label} and keeps the API copies`, async () => {
      const { chatId, contactId } = seedApiChat(env.store, API_COPIES);
      const before = rawMessages(env.store, chatId);
      const path = env.write(fileName, joaoExport(author));
      const file = await importOne(path);
      expect(file).toMatchObject({
        status: 'imported',
        chat: { chat_id: chatId, type: 'private', joined },
        me: { author: 'Loja Centro', how: 'inferred' },
        messages: 5,
        inserted: 2,
        matched_synced: 3,
        duplicates: 0,
      });
      const after = rawMessages(env.store, chatId);
      // The API copies are untouched: same ids, wa ids, status, payload and source.
      for (const api of before) expect(after).toContainEqual(api);
      expect(after).toHaveLength(5);
      const rows = storedMessages(env.store, chatId);
      expect(rows.map((r) => [r.ts, r.direction, r.source, r.text])).toEqual([
        [sp('2025-05-10T09:10:00'), 'in', 'export', 'Oi, tudo bem?'],
        [sp('2025-05-10T09:15:23'), 'in', 'api', API_COPIES[0].text],
        [sp('2025-05-10T09:16:40'), 'out', 'api', API_COPIES[1].text],
        [sp('2025-05-10T09:20:05'), 'in', 'api', API_COPIES[2].text],
        [sp('2025-05-10T09:21:00'), 'in', 'export', 'Obrigado'],
      ]);
      // The customer's exported messages are the synced contact's.
      const senders = env.store.db
        .prepare<[number], { sender_id: number }>(
          "SELECT DISTINCT sender_id FROM messages WHERE chat_id = ? AND direction = 'in'",
        )
        .all(chatId);
      expect(senders).toEqual([{ sender_id: contactId }]);
      // Importing again is a no-op.
      expect(await importOne(path)).toMatchObject({ status: 'already_imported', inserted: 0 });
      expect(countRows(env.store, 'messages')).toBe(5);
    });
  }

  it('matches media, omitted media and deleted messages against their API copies', async () => {
    const { chatId } = seedApiChat(env.store, [
      {
        time: '2025-05-11T10:00:10',
        direction: 'in',
        type: 'image',
        text: 'foto da placa',
        mediaName: 'a1b2.jpg',
      },
      {
        time: '2025-05-11T10:01:10',
        direction: 'out',
        type: 'document',
        text: 'Orçamento 30415.pdf',
        mediaName: 'Orçamento 30415.pdf',
      },
      { time: '2025-05-11T10:02:10', direction: 'in', type: 'image', text: null, mediaName: 'c3d4.jpg' },
      {
        time: '2025-05-11T10:03:10',
        direction: 'in',
        type: 'text',
        text: 'mensagem que foi apagada',
        deleted: true,
      },
    ]);
    const path = env.write(
      `WhatsApp Chat with ${JOAO.name}.txt`,
      androidExport([
        androidLine(
          '11/05/2025 10:00',
          JOAO.name,
          '\u200eIMG-20250511-WA0001.jpg (arquivo anexado)\nfoto da placa',
        ),
        androidLine('11/05/2025 10:01', 'Loja Centro', '\u200eOrçamento 30415.pdf (arquivo anexado)'),
        androidLine('11/05/2025 10:02', JOAO.name, '<Mídia oculta>'),
        androidLine('11/05/2025 10:03', JOAO.name, 'Mensagem apagada'),
        androidLine('11/05/2025 10:04', JOAO.name, 'ok'),
      ]),
    );
    const file = await importOne(path);
    expect(file).toMatchObject({ matched_synced: 4, inserted: 1 });
    expect(storedMessages(env.store, chatId).map((r) => [r.source, r.type, r.text])).toEqual([
      ['api', 'image', 'foto da placa'],
      ['api', 'document', 'Orçamento 30415.pdf'],
      ['api', 'image', null],
      ['api', 'text', 'mensagem que foi apagada'],
      ['export', 'text', 'ok'],
    ]);
  });

  it('keeps two identical exported messages when the API holds only one of them', async () => {
    const { chatId } = seedApiChat(env.store, [
      { time: '2025-05-12T08:00:30', direction: 'out', text: 'ok' },
    ]);
    const path = env.write(
      `WhatsApp Chat with ${JOAO.name}.txt`,
      androidExport([
        androidLine('12/05/2025 08:00', JOAO.name, 'Pode confirmar?'),
        androidLine('12/05/2025 08:00', 'Loja Centro', 'ok'),
        androidLine('12/05/2025 08:00', 'Loja Centro', 'ok'),
      ]),
    );
    expect(await importOne(path)).toMatchObject({ matched_synced: 1, inserted: 2 });
    expect(storedMessages(env.store, chatId).map((r) => [r.source, r.text])).toEqual([
      ['export', 'Pode confirmar?'],
      ['export', 'ok'],
      ['api', 'ok'], // 08:00:30
    ]);
  });
});

describe('which chat an export joins', () => {
  it('joins a synced group by its exact name and matches the API copies', async () => {
    const group = { waId: '120363025555555555@g.us', type: 'group' as const, name: 'Boi Gaúcho X BMA' };
    const { chatId } = seedApiChat(
      env.store,
      [
        {
          time: '2025-04-01T10:00:05',
          direction: 'in',
          text: 'Chegou a carne?',
          sender: '5531991112222@c.us',
        },
        { time: '2025-04-01T10:01:05', direction: 'out', text: 'Chegou sim' },
      ],
      group,
    );
    // A group with a longer name must not be taken for it.
    seedApiChat(env.store, [], {
      waId: '120363026666666666@g.us',
      type: 'group',
      name: 'Boi Gaúcho X BMA (antigo)',
    });
    const text = androidExport([
      androidLine('01/04/2025 09:58', null, 'Você foi adicionado(a)'),
      androidLine('01/04/2025 09:59', 'Carlos', 'Bom dia a todos'),
      androidLine('01/04/2025 10:00', 'Carlos', 'Chegou a carne?'),
      androidLine('01/04/2025 10:01', 'Loja Centro', 'Chegou sim'),
      androidLine('01/04/2025 10:02', 'Marina', 'Ótimo'),
    ]);
    const path = env.write('WhatsApp Chat with Boi Gaúcho X BMA.txt', text);
    // Who exported a group cannot be told: its messages read as incoming, and still meet their
    // outgoing API copies.
    const file = await importOne(path);
    expect(file).toMatchObject({
      chat: { chat_id: chatId, type: 'group', joined: 'name' },
      me: { author: null, how: 'unknown' },
      messages: 5,
      matched_synced: 2,
      inserted: 3,
    });
    expect(countRows(env.store, 'messages')).toBe(5);
    // A later export of the group, with the exporter given, adds only what is new.
    const later = env.write(
      'later/WhatsApp Chat with Boi Gaúcho X BMA.txt',
      text + androidLine('01/04/2025 10:30', 'Loja Centro', 'Entrega amanhã às 8h') + '\n',
    );
    expect(await importOne(later, { me: 'Loja Centro' })).toMatchObject({
      me: { author: 'Loja Centro', how: 'option' },
      matched_synced: 2,
      duplicates: 3,
      inserted: 1,
    });
    const last = storedMessages(env.store, chatId).at(-1)!;
    expect([last.direction, last.sender_wa_id, last.text]).toEqual(['out', LOJA.wid, 'Entrega amanhã às 8h']);
  });

  it('never merges exports whose file names tell no chat name', async () => {
    // Two groups, each exported and renamed to chat.txt: the same greeting at the same minute in both.
    const groupA = env.write(
      'a/chat.txt',
      androidExport([
        androidLine('03/06/2025 08:00', 'Ana', 'Bom dia'),
        androidLine('03/06/2025 08:01', 'Bruno', 'Bom dia, grupo A'),
        androidLine('03/06/2025 08:02', 'Carlos', 'Oi'),
      ]),
    );
    const groupB = env.write(
      'b/chat.txt',
      androidExport([
        androidLine('03/06/2025 08:00', 'Ana', 'Bom dia'),
        androidLine('03/06/2025 08:01', 'Diana', 'Bom dia, grupo B'),
        androidLine('03/06/2025 08:02', 'Eva', 'Oi'),
      ]),
    );
    const a = await importOne(groupA);
    const b = await importOne(groupB);
    expect([a.inserted, b.inserted]).toEqual([3, 3]);
    expect(a.chat.chat_id).not.toBe(b.chat.chat_id);
    expect(a.chat).toMatchObject({ type: 'group', name: 'Ana, Bruno, Carlos' });
    // A private chat keyed by its people: a later, longer export of it (renamed too) joins it.
    const early = env.write(
      'c/_chat.txt',
      androidExport([
        androidLine('04/06/2025 09:00', 'Fábio Rocha', 'Bom dia'),
        androidLine('04/06/2025 09:01', 'Loja BMA', 'Bom dia, Fábio'),
      ]),
    );
    const later = env.write(
      'd/_chat.txt',
      androidExport([
        androidLine('04/06/2025 09:00', 'Fábio Rocha', 'Bom dia'),
        androidLine('04/06/2025 09:01', 'Loja BMA', 'Bom dia, Fábio'),
        androidLine('04/06/2025 09:05', 'Fábio Rocha', 'Obrigado'),
      ]),
    );
    const c = await importOne(early, { me: 'Loja BMA' });
    expect(c.chat).toMatchObject({ type: 'private', name: 'Fábio Rocha' });
    expect(await importOne(later, { me: 'Loja BMA' })).toMatchObject({
      chat: { chat_id: c.chat.chat_id },
      inserted: 1,
      duplicates: 2,
    });
    expect(countRows(env.store, 'messages')).toBe(9);
  });

  it('creates an export-only chat whose counterpart get_contact_history finds by name', async () => {
    seedApiChat(env.store, [{ time: '2025-05-10T09:15:23', direction: 'in', text: 'oi' }]);
    const path = env.write(
      'Conversa do WhatsApp com Renata Figueiredo.txt',
      androidExport([
        androidLine('02/06/2025 14:00', 'Renata Figueiredo', 'Boa tarde! Vocês instalam câmara fria?'),
        androidLine('02/06/2025 14:05', 'Loja Centro', 'Instalamos sim, Renata.'),
      ]),
    );
    const file = await importOne(path);
    expect(file).toMatchObject({
      status: 'imported',
      chat: { name: 'Renata Figueiredo', type: 'private', joined: null },
      me: { author: 'Loja Centro', how: 'inferred' },
      inserted: 2,
    });
    expect(file.chat.chat_id).not.toBeNull();
    const history = ok<{
      contact: { name: string | null };
      chats: { chat_id: number }[];
      messages: { text: string; direction: string }[];
    }>(await mcp.call('get_contact_history', { contact: 'renata figueiredo', order: 'oldest' }));
    expect(history.contact.name).toBe('Renata Figueiredo');
    expect(history.chats.map((c) => c.chat_id)).toEqual([file.chat.chat_id]);
    expect(history.messages.map((m) => [m.direction, m.text])).toEqual([
      ['in', 'Boa tarde! Vocês instalam câmara fria?'],
      ['out', 'Instalamos sim, Renata.'],
    ]);
    // The synced chat was not touched.
    expect(countRows(env.store, 'chats')).toBe(2);
    expect(env.store.instances.list().map((i) => [i.kind, i.name])).toEqual([
      ['greenapi', LOJA.name],
      ['export', 'WhatsApp exports'],
    ]);
  });
});
