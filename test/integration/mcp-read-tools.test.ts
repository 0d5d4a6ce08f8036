import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { connect, failure, ok, testDeps, textOf, type Connected } from '../helpers/client.js';
import {
  INSTANCES,
  JOAO_LID,
  NOW,
  seedCorpus,
  seedKeys,
  type Corpus,
  type MessageSeed,
} from '../helpers/corpus.js';
import { at, foldedTokens, INVISIBLE_CONTROLS, tempDir } from '../helpers/tmp.js';

/**
 * The five read tools through a real SDK Client connected to createServer() in memory, over a
 * realistic corpus (test/helpers/corpus.ts). listTools() runs first so that the client checks every
 * structured result against the tool's output schema.
 */

interface Hit {
  message_id: number;
  chat_id: number;
  chat_wa_id: string;
  chat_name: string | null;
  sender_name: string | null;
  sender_phone: string | null;
  time: string;
  direction: string;
  type: string;
  snippet: string;
}
interface SearchOut {
  hits: Hit[];
  total: number;
  total_exact: boolean;
  ranked_among: number | null;
  has_more: boolean;
  next_cursor: string | null;
}
interface MessageOut {
  message_id: number;
  wa_message_id: string;
  chat_id: number;
  chat_wa_id: string;
  chat_name: string | null;
  time: string;
  direction: string;
  type: string;
  sender: { name: string | null; phone: string | null; contact_id: number | null };
  text: string | null;
  media: { mime: string | null; file_name: string | null; url: string | null; sha256: string | null } | null;
  edited: boolean;
  deleted: boolean;
  source: string;
}
interface ChatOut {
  chat_id: number;
  wa_id: string;
  instance_id: number;
  type: string;
  name: string | null;
  phone: string | null;
  archived: boolean;
  message_count: number;
  first_message_time: string | null;
  last_message_time: string | null;
}
interface HistoryOut {
  contact: { contact_ids: number[]; name: string | null; phone: string | null; wa_ids: string[] };
  chats: ChatOut[];
  messages: MessageOut[];
  has_more: boolean;
  next_cursor: string | null;
}
interface ListOut {
  chats: ChatOut[];
  total: number;
  has_more: boolean;
  next_cursor: string | null;
}
interface ContextOut {
  chat: { chat_id: number; wa_id: string; name: string | null };
  message: MessageOut;
  before: MessageOut[];
  after: MessageOut[];
}
interface StatusOut {
  instances: {
    instance_id: number;
    kind: string;
    external_id: string;
    configured: boolean;
    chats: number;
    messages: number;
    last_sync_time: string | null;
    open_gaps: number;
    chats_with_errors: number;
    last_runs: { mode: string; status: string; started: string; error: string | null; inserted: number }[];
  }[];
  chats: {
    chat_id: number;
    name: string | null;
    messages: number;
    last_full_sync: string | null;
    history_complete: boolean;
    gaps: { from: string; to: string; reason: string; detected: string }[];
    last_error: string | null;
  }[];
  has_more: boolean;
  next_cursor: string | null;
}

const tmp = tempDir();
const dbPath = tmp.path('archive.db');
let store: Store;
let corpus: Corpus;
let conn: Connected;
let tools: Tool[];
/** Every result the server sent, to check at the end that none carried invisible controls. */
const results: CallToolResult[] = [];

async function call(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  const result = await conn.call(name, args);
  results.push(result);
  return result;
}
const search = async (args: Record<string, unknown>) => ok<SearchOut>(await call('search_messages', args));
const history = async (args: Record<string, unknown>) =>
  ok<HistoryOut>(await call('get_contact_history', args));
const listChats = async (args: Record<string, unknown> = {}) => ok<ListOut>(await call('list_chats', args));
const context = async (args: Record<string, unknown>) =>
  ok<ContextOut>(await call('get_message_context', args));
const status = async (args: Record<string, unknown> = {}) =>
  ok<StatusOut>(await call('get_sync_status', args));

/** Seed keys of search hits, in the order returned. */
const keysOf = (hits: { message_id: number }[]) => hits.map((h) => corpus.keyOf(h.message_id));
const sorted = (keys: string[]) => [...keys].sort();

/** Follows next_cursor to the end, checking the paging fields on the way. */
async function allPages<T>(
  tool: string,
  args: Record<string, unknown>,
  items: (out: Record<string, unknown>) => T[],
): Promise<{ items: T[]; pages: number }> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 100; pages++) {
    const out = ok(await call(tool, cursor === undefined ? args : { ...args, cursor }));
    all.push(...items(out));
    expect(out.has_more).toBe(out.next_cursor !== null);
    if (!out.has_more) return { items: all, pages };
    cursor = out.next_cursor as string;
  }
  throw new Error('paging did not end');
}

// Oracles over the seed: which messages hold a word or a phrase (folded like the index).
type Seed = MessageSeed & { finalText: string | null };
const has =
  (...words: string[]) =>
  (s: Seed) =>
    words.every((w) => foldedTokens(s.finalText).includes(w));
const phrase =
  (...words: string[]) =>
  (s: Seed) => {
    const t = foldedTokens(s.finalText);
    return t.some((_, i) => words.every((w, k) => t[i + k] === w));
  };
const ORCAMENTO = seedKeys(has('orcamento'));
const JOAO_IDS = ['5531998765432@c.us', '553198765432@c.us', JOAO_LID];
const JOAO_HISTORY = seedKeys(
  (s) =>
    s.chat === 'joao' ||
    s.chat === 'joaoOld' ||
    ((s.chat === 'groupBoi' || s.chat === 'groupForn') && JOAO_IDS.includes(s.senderWaId ?? '')),
);

beforeAll(async () => {
  store = Store.open(dbPath);
  corpus = seedCorpus(store);
  conn = await connect(testDeps(store, dbPath));
  tools = (await conn.client.listTools()).tools;
});

afterAll(async () => {
  await conn.close();
  store.close();
  tmp.cleanup();
});

const READ_TOOLS = [
  'search_messages',
  'get_contact_history',
  'list_chats',
  'get_message_context',
  'get_sync_status',
];

describe('listTools', () => {
  it('lists the five read tools first, in this order', () => {
    expect(tools.map((t) => t.name).slice(0, READ_TOOLS.length)).toEqual(READ_TOOLS);
  });

  it('matches the snapshot (every schema change shows up in review)', () => {
    expect(tools).toMatchSnapshot();
  });

  it('gives every tool a title, a description that says when to use it, all four hints and an output schema', () => {
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(tool.title, tool.name).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/);
      expect(tool.description, tool.name).toMatch(/\bUse it\b/);
      const sentences = tool.description!.split(/(?<=[.?!])\s+/).filter(Boolean);
      expect(sentences.length, tool.name).toBeGreaterThanOrEqual(1);
      expect(sentences.length, tool.name).toBeLessThanOrEqual(3);
      expect(tool.annotations, tool.name).toEqual({
        title: tool.title,
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
        idempotentHint: expect.any(Boolean),
        openWorldHint: expect.any(Boolean),
      });
      if (READ_TOOLS.includes(tool.name)) {
        expect(tool.annotations, tool.name).toMatchObject({
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        });
      }
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(Object.keys(tool.outputSchema?.properties ?? {}).length, tool.name).toBeGreaterThan(0);
    }
  });

  it('describes every input property', () => {
    for (const tool of tools) {
      const properties = Object.entries(tool.inputSchema.properties ?? {}) as [
        string,
        { description?: string },
      ][];
      if (READ_TOOLS.includes(tool.name)) expect(properties.length, tool.name).toBeGreaterThan(0);
      for (const [name, schema] of properties) {
        expect(schema.description, `${tool.name}.${name}`).toEqual(expect.any(String));
        expect(schema.description!.length, `${tool.name}.${name}`).toBeGreaterThan(10);
      }
    }
  });
});

describe('search_messages', () => {
  it('is accent- and case-insensitive', async () => {
    expect(ORCAMENTO).toHaveLength(13);
    for (const query of ['orcamento', 'orçamento', 'ORÇAMENTO', 'Orcamento']) {
      const out = await search({ query, sort: 'oldest', limit: 100 });
      expect(keysOf(out.hits), query).toEqual(ORCAMENTO);
      expect(out).toMatchObject({ total: 13, total_exact: true, has_more: false, next_cursor: null });
    }
    expect(keysOf((await search({ query: 'reuniao', sort: 'oldest' })).hits)).toEqual(
      seedKeys(has('reuniao')),
    );
    expect(seedKeys(has('reuniao'))).toEqual(['j4', 'j5', 'g6']);
  });

  it('marks the matched words in a snippet and fills in the hit', async () => {
    const out = await search({ query: 'orcamento', chat: String(corpus.chats.maria), sort: 'oldest' });
    expect(out.hits[0]).toEqual({
      message_id: corpus.messages.m1,
      chat_id: corpus.chats.maria,
      chat_wa_id: '5521987654321@c.us',
      chat_name: 'Maria Oliveira',
      sender_name: 'Maria Oliveira',
      sender_phone: '+5521987654321',
      time: '2025-05-02T13:00:00-03:00',
      direction: 'in',
      type: 'text',
      snippet: 'Quero um **orçamento** de costela para sábado',
    });
    expect(out.hits[1]).toMatchObject({ sender_name: 'me', direction: 'out' });
    expect(out.hits[2]).toMatchObject({ type: 'document', snippet: '**Orçamento**-costela.pdf' });
  });

  it('finds exact phrases, alternatives, exclusions and prefixes', async () => {
    const keys = async (query: string) => keysOf((await search({ query, sort: 'oldest', limit: 100 })).hits);
    expect(await keys('"OS 30415"')).toEqual(seedKeys(phrase('os', '30415')));
    expect(await keys('"OS 30415"')).toHaveLength(5);
    expect(await keys('"30415 OS"')).toEqual([]);
    expect(await keys('reuniao OR picanha')).toEqual(seedKeys((s) => has('reuniao')(s) || has('picanha')(s)));
    expect(await keys('orcamento -pdf')).toEqual(seedKeys((s) => has('orcamento')(s) && !has('pdf')(s)));
    expect(await keys('orcamento -pdf')).toHaveLength(11);
    expect(await keys('boleto -"boleto pago"')).toEqual(['j6']);
    expect(await keys('pedi*')).toEqual(
      seedKeys((s) => foldedTokens(s.finalText).some((t) => t.startsWith('pedi'))),
    );
    expect(await keys('pedi*')).toEqual(['b1', 'b2', 'j3', 'b3']);
    expect(await keys('orcamento AND picanha')).toEqual(['j1', 'b3']);
  });

  it('searches the edited text, not the earlier one, and keeps deleted messages findable', async () => {
    expect((await search({ query: 'venceu' })).hits).toEqual([]);
    expect(keysOf((await search({ query: 'vence amanha' })).hits)).toEqual(['j6']);
    expect(keysOf((await search({ query: 'azul123' })).hits)).toEqual(['j7']);
  });

  it('treats FTS5 syntax in the query as plain words', async () => {
    for (const query of [
      'NEAR(orçamento picanha)',
      'text:orcamento',
      '{tags}: orcamento',
      '(orcamento',
      'orcamento)',
      '"orcamento',
      '^orcamento',
      'orcamento NOT pdf',
      "orçamento' OR 1=1 --",
    ]) {
      const result = await call('search_messages', { query, limit: 100 });
      expect(result.isError, query).toBeFalsy();
      expect(textOf(result), query).not.toMatch(/fts5|syntax error|SqliteError/i);
    }
    // Only the words count: NEAR, text and NOT must be in the message too.
    expect((await search({ query: 'NEAR(orçamento picanha)' })).total).toBe(0);
    expect((await search({ query: '(orcamento' })).total).toBe(13);
    expect((await search({ query: '"orcamento' })).total).toBe(13);
  });

  describe('filters', () => {
    const keys = async (args: Record<string, unknown>) =>
      keysOf((await search({ sort: 'oldest', limit: 100, ...args })).hits);

    it('by chat: archive id, WhatsApp id, name or phone', async () => {
      expect(await keys({ query: 'orcamento', chat: String(corpus.chats.joao) })).toEqual([
        'j1',
        'j2',
        'j9',
        'j10',
      ]);
      expect(await keys({ query: 'orcamento', chat: `#${corpus.chats.joao}` })).toEqual([
        'j1',
        'j2',
        'j9',
        'j10',
      ]);
      expect(await keys({ query: 'orcamento', chat: '120363025555555555@g.us' })).toEqual(['g4', 'g5']);
      expect(await keys({ query: 'orcamento', chat: 'Boi Gaucho X BMA' })).toEqual(['g4', 'g5']);
      expect(await keys({ query: 'orcamento', chat: 'BMA' })).toEqual(['g4', 'g5', 'f2']);
      // A phone means every private chat with that number, on every instance.
      expect(await keys({ query: 'boleto', chat: '+55 31 99876-5432' })).toEqual(['o1', 'o2', 'j6']);
      expect(await keys({ query: 'boleto', chat: '31 9876-5432' })).toEqual(['o1', 'o2', 'j6']);
      expect(await keys({ query: 'pedido', chat: '(31) 3344-5566' })).toEqual(['b1', 'b2', 'b3']);
    });

    it('by sender: a phone in any format, a WhatsApp id or a name', async () => {
      const fromJoao = seedKeys((s) => phrase('os', '30415')(s) && JOAO_IDS.includes(s.senderWaId ?? ''));
      expect(fromJoao).toEqual(['g2', 'j9']);
      for (const sender of [
        '+55 (31) 99876-5432',
        '5531998765432',
        '31 99876-5432',
        '31 9876-5432',
        '\u202a+55 31 99876\u20115432\u202c',
        JOAO_LID,
        '553198765432@c.us',
        'João Silva',
        'joão',
      ]) {
        expect(await keys({ query: '"OS 30415"', sender }), sender).toEqual(fromJoao);
      }
      expect(await keys({ query: 'orcamento', sender: '31 99876-5432' })).toEqual(['o1', 'j1', 'j9']);
      expect(await keys({ query: 'orcamento', sender: 'Maria Oliveira' })).toEqual(['m1']);
    });

    it('by time: ISO dates and date-times in the configured zone, and spans before now', async () => {
      expect(await keys({ query: 'orcamento', since: '2025-05-01', until: '2025-06-01' })).toEqual([
        'm1',
        'm2',
        'm3',
      ]);
      // until is exclusive: j2 was sent at 09:40 exactly.
      expect(await keys({ query: 'orcamento', until: '2025-01-10T09:40:00-03:00' })).toEqual([
        'p1',
        'o1',
        'j1',
      ]);
      expect(await keys({ query: 'orcamento', until: '2025-01-10T09:40' })).toEqual(['p1', 'o1', 'j1']);
      expect(
        await keys({ query: 'orcamento', since: '2025-01-10T12:40:00Z', until: '2025-01-10T12:41:00Z' }),
      ).toEqual(['j2']);
      // NOW is 2025-06-15 09:00 in São Paulo.
      expect(await keys({ query: 'orcamento', since: '7d' })).toEqual(['j9', 'j10']);
      expect(await keys({ query: 'orcamento', since: '24h' })).toEqual(['j10']);
      expect(await keys({ query: 'orcamento', until: '1y' })).toEqual(['p1']);
      const expected = seedKeys((s) => has('orcamento')(s) && at(s.time) >= NOW - 3 * 2_629_800);
      expect(await keys({ query: 'orcamento', since: '3mo' })).toEqual(expected);
    });

    it('by direction and type', async () => {
      expect(await keys({ query: 'orcamento', direction: 'out' })).toEqual(
        seedKeys((s) => has('orcamento')(s) && s.direction === 'out'),
      );
      expect(await keys({ query: 'orcamento', direction: 'in' })).toEqual(
        seedKeys((s) => has('orcamento')(s) && s.direction === 'in'),
      );
      expect(await keys({ query: 'adicionou', direction: 'system' })).toEqual(['g1']);
      expect(await keys({ query: 'orcamento', type: ['document'] })).toEqual(['g5', 'm3']);
      expect(await keys({ query: 'orcamento', type: ['text'] })).toEqual(
        seedKeys((s) => has('orcamento')(s) && s.type === 'text'),
      );
      expect(await keys({ query: 'orcamento OR nota', type: ['text', 'image'] })).toHaveLength(12);
      expect(await keys({ query: 'nota fiscal', type: ['image'] })).toEqual(['j3']);
      expect(await keys({ query: 'flores', type: ['location'] })).toEqual(['m4']);
      expect(await keys({ query: 'adicionou', type: ['system'] })).toEqual(['g1']);
      expect(await keys({ query: 'orcamento', type: ['image'] })).toEqual([]);
    });

    it('combined', async () => {
      expect(
        await keys({ query: 'orcamento', chat: 'João Silva', direction: 'out', since: '2025-06-01' }),
      ).toEqual(['j10']);
      expect(
        await keys({ query: 'orç*', sender: 'Carlos', type: ['document'], until: '2025-03-01' }),
      ).toEqual(['g5']);
    });
  });

  describe('sorting and paging', () => {
    it('sorts newest or oldest first', async () => {
      expect(keysOf((await search({ query: 'orcamento', sort: 'oldest', limit: 100 })).hits)).toEqual(
        ORCAMENTO,
      );
      expect(keysOf((await search({ query: 'orcamento', sort: 'newest', limit: 100 })).hits)).toEqual(
        [...ORCAMENTO].reverse(),
      );
    });

    it('ranks by relevance by default: messages with every alternative first', async () => {
      const out = await search({ query: 'orcamento OR costela', limit: 100 });
      expect(sorted(keysOf(out.hits))).toEqual(
        sorted(seedKeys((s) => has('orcamento')(s) || has('costela')(s))),
      );
      expect(sorted(keysOf(out.hits.slice(0, 2)))).toEqual(['m1', 'm3']);
      expect(out.ranked_among).toBeNull();
    });

    it.each(['relevance', 'newest', 'oldest'])('pages through every %s hit exactly once', async (sort) => {
      const single = keysOf((await search({ query: 'orcamento', sort, limit: 100 })).hits);
      const paged = await allPages(
        'search_messages',
        { query: 'orcamento', sort, limit: 4 },
        (o) => o.hits as Hit[],
      );
      expect(paged.pages).toBe(4);
      expect(keysOf(paged.items)).toEqual(single);
      expect(new Set(keysOf(paged.items)).size).toBe(13);
    });

    it('pages with filters one hit at a time', async () => {
      const args = { query: 'orcamento OR reuniao', sender: '31 99876-5432', sort: 'newest', limit: 1 };
      const paged = await allPages('search_messages', args, (o) => o.hits as Hit[]);
      const expected = seedKeys(
        (s) => (has('orcamento')(s) || has('reuniao')(s)) && JOAO_IDS.includes(s.senderWaId ?? ''),
      );
      expect(keysOf(paged.items)).toEqual([...expected].reverse());
      expect(paged.pages).toBe(expected.length);
    });

    it('renders a compact text with the total and the cursor of the next page', async () => {
      const result = await call('search_messages', { query: 'orcamento', sort: 'newest', limit: 2 });
      const out = ok<SearchOut>(result);
      const text = textOf(result);
      expect(text.split('\n')[0]).toBe('13 matching messages; showing 2:');
      expect(text).toContain(`#${corpus.messages.j10} João Silva — me: > O **orçamento** da OS 30415`);
      expect(text).toContain(`cursor "${out.next_cursor}"`);
      expect(textOf(await call('search_messages', { query: 'inexistente' }))).toMatch(/^No messages match/);
    });
  });
});

describe('get_contact_history', () => {
  it.each([
    ['+55 (31) 99876-5432'],
    ['5531998765432'],
    ['31 99876-5432'],
    ['31 9876-5432'],
    ['553198765432'],
    ['5531998765432@c.us'],
    ['553198765432@c.us'],
    [JOAO_LID],
    ['João Silva'],
  ])(
    'finds all of João from %j: private chats on both numbers and what he wrote in groups',
    async (contact) => {
      const out = await history({ contact, order: 'oldest', limit: 200 });
      expect(keysOf(out.messages)).toEqual(JOAO_HISTORY);
      // The name comes from the contact row the input points at (each number has its own).
      expect(['João Silva', 'João S.']).toContain(out.contact.name);
      expect(out.contact.phone).toBe('+5531998765432');
      expect(sorted(out.contact.wa_ids)).toEqual(sorted(JOAO_IDS));
      expect(sorted(out.contact.contact_ids.map(String))).toEqual(
        sorted([corpus.contacts.joao1, corpus.contacts.joao2].map(String)),
      );
      expect(out.chats.map((c) => c.chat_id)).toEqual([
        corpus.chats.joao,
        corpus.chats.joaoOld,
        corpus.chats.groupBoi,
        corpus.chats.groupForn,
      ]);
      expect(out.has_more).toBe(false);
    },
  );

  it('finds a chat by its archive id too', async () => {
    expect(
      keysOf((await history({ contact: String(corpus.chats.joaoOld), order: 'oldest' })).messages),
    ).toEqual(JOAO_HISTORY);
  });

  it('orders newest first by default, oldest first on request', async () => {
    const newest = await history({ contact: '31 99876-5432', limit: 200 });
    expect(keysOf(newest.messages)).toEqual([...JOAO_HISTORY].reverse());
    const times = newest.messages.map((m) => Date.parse(m.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('leaves groups out on request and honours since/until', async () => {
    const privateOnly = await history({
      contact: '31 99876-5432',
      include_groups: false,
      order: 'oldest',
      limit: 200,
    });
    expect(keysOf(privateOnly.messages)).toEqual(seedKeys((s) => s.chat === 'joao' || s.chat === 'joaoOld'));
    expect(privateOnly.chats.map((c) => c.type)).toEqual(['private', 'private']);
    const spring = await history({
      contact: '31 99876-5432',
      since: '2025-03-01',
      until: '2025-05-01',
      order: 'oldest',
    });
    expect(keysOf(spring.messages)).toEqual(['j4', 'j5', 'f1', 'j6', 'j7', 'j8']);
  });

  it.each(['newest', 'oldest'])('pages through every message (%s first) exactly once', async (order) => {
    const paged = await allPages(
      'get_contact_history',
      { contact: '+55 31 99876-5432', order, limit: 3 },
      (o) => o.messages as MessageOut[],
    );
    const expected = order === 'oldest' ? JOAO_HISTORY : [...JOAO_HISTORY].reverse();
    expect(keysOf(paged.items)).toEqual(expected);
    expect(paged.pages).toBe(Math.ceil(JOAO_HISTORY.length / 3));
  });

  it('shows each message with its sender, media, edit and delete state', async () => {
    const out = await history({ contact: '31 99876-5432', order: 'oldest', limit: 200 });
    const byKey = new Map(out.messages.map((m) => [corpus.keyOf(m.message_id), m]));
    expect(byKey.get('j1')).toMatchObject({
      wa_message_id: 'WA-J1',
      chat_name: 'João Silva',
      time: '2025-01-10T09:15:00-03:00',
      direction: 'in',
      sender: { name: 'João Silva', phone: '+5531998765432', contact_id: corpus.contacts.joao1 },
      text: 'Bom dia! Gostaria de um orçamento para 20 kg de picanha.',
      media: null,
      edited: false,
      deleted: false,
      source: 'api',
    });
    expect(byKey.get('j2')).toMatchObject({ direction: 'out', sender: { name: 'me' } });
    expect(byKey.get('j3')).toMatchObject({
      type: 'image',
      text: 'Foto da nota fiscal do pedido',
      media: {
        mime: 'image/jpeg',
        file_name: null,
        url: 'https://media.example.invalid/nf.jpg',
        sha256: null,
      },
    });
    expect(byKey.get('j6')).toMatchObject({
      text: 'O boleto vence amanhã, pode mandar?',
      edited: true,
      deleted: false,
    });
    expect(byKey.get('j7')).toMatchObject({ text: 'Segue a senha do portal: azul123', deleted: true });
    expect(byKey.get('j11')).toMatchObject({ type: 'voice', text: null, media: { mime: 'audio/ogg' } });
    expect(byKey.get('g2')).toMatchObject({
      chat_name: 'Boi Gaucho X BMA',
      sender: { contact_id: corpus.contacts.joao1 },
    });
    expect(byKey.get('f1')).toMatchObject({
      chat_name: 'Fornecedores BMA',
      sender: { contact_id: corpus.contacts.joao2 },
    });
  });

  it('reads a group-only contact and a landline company', async () => {
    const carlos = await history({ contact: '+55 31 99111-2222', order: 'oldest' });
    expect(keysOf(carlos.messages)).toEqual(['g3', 'g5']);
    expect(carlos.chats.map((c) => c.name)).toEqual(['Boi Gaucho X BMA']);
    expect(carlos.contact.name).toBe('Carlos etnereg');
    const boi = await history({ contact: 'Boi Gaúcho Restaurante', order: 'oldest' });
    expect(keysOf(boi.messages)).toEqual(['b1', 'b2', 'b3']);
  });

  it('lists the candidates of an ambiguous name', async () => {
    const message = failure(await call('get_contact_history', { contact: 'Maria' }));
    expect(message).toContain(
      '"Maria" matches 2 contacts: Maria Oliveira (+55 21 98765-4321); Maria Souza (+55 11 91234-5678).',
    );
    expect(message).toMatch(/Next step: Call again with the phone number/);
    expect(keysOf((await history({ contact: '+55 21 98765-4321', order: 'oldest' })).messages)).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
    ]);
  });

  it('renders a header and one quoted line per message', async () => {
    const text = textOf(await call('get_contact_history', { contact: '31 99876-5432', limit: 2 }));
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'João Silva (+5531998765432) — 4 chats: João Silva, João S., Boi Gaucho X BMA, Fornecedores BMA',
    );
    expect(lines[1]).toBe(`[2025-06-14T18:01:00-03:00] #${corpus.messages.j11} João Silva (voice): > `);
    expect(lines[2]).toBe(
      `[2025-06-14T18:00:00-03:00] #${corpus.messages.j10} me: > O orçamento da OS 30415 foi enviado por e-mail`,
    );
    expect(lines[3]).toMatch(/^More results: call again with cursor "/);
  });
});

describe('list_chats', () => {
  const names = (chats: ChatOut[]) => chats.map((c) => c.name);
  const BY_ACTIVITY = [
    'João Silva',
    'Maria Souza',
    'Boi Gaucho X BMA',
    'Maria Oliveira',
    'Boi Gaúcho Restaurante',
    'Fornecedores BMA',
    'João S.',
    'Pedro Santos',
  ];

  it('lists every chat, most recent activity first', async () => {
    const out = await listChats();
    expect(out.total).toBe(8);
    expect(names(out.chats)).toEqual(BY_ACTIVITY);
    expect(out.chats[0]).toEqual({
      chat_id: corpus.chats.joao,
      wa_id: '5531998765432@c.us',
      instance_id: corpus.instances.loja,
      type: 'private',
      name: 'João Silva',
      phone: '+5531998765432',
      archived: false,
      message_count: 11,
      first_message_time: '2025-01-10T09:15:00-03:00',
      last_message_time: '2025-06-14T18:01:00-03:00',
    });
  });

  it('sorts by name and by message count', async () => {
    expect(names((await listChats({ sort: 'name' })).chats)).toEqual([
      'Boi Gaucho X BMA',
      'Boi Gaúcho Restaurante',
      'Fornecedores BMA',
      'João S.',
      'João Silva',
      'Maria Oliveira',
      'Maria Souza',
      'Pedro Santos',
    ]);
    const byCount = (await listChats({ sort: 'message_count' })).chats;
    expect(byCount.map((c) => c.message_count)).toEqual([11, 6, 4, 3, 2, 2, 2, 1]);
  });

  it('filters by type and by part of the name, phone or WhatsApp id', async () => {
    expect(names((await listChats({ type: 'group' })).chats)).toEqual([
      'Boi Gaucho X BMA',
      'Fornecedores BMA',
    ]);
    expect((await listChats({ type: 'private' })).total).toBe(6);
    expect(names((await listChats({ query: 'bma' })).chats)).toEqual([
      'Boi Gaucho X BMA',
      'Fornecedores BMA',
    ]);
    expect(names((await listChats({ query: 'boi' })).chats)).toEqual([
      'Boi Gaucho X BMA',
      'Boi Gaúcho Restaurante',
    ]);
    expect(names((await listChats({ query: '99876' })).chats)).toEqual(['João Silva', 'João S.']);
    expect(names((await listChats({ query: '+55 31 99876-5432' })).chats)).toEqual(['João Silva', 'João S.']);
    expect(names((await listChats({ query: '120363025555555555@g.us' })).chats)).toEqual([
      'Boi Gaucho X BMA',
    ]);
    expect(names((await listChats({ query: 'maria', type: 'private', sort: 'name' })).chats)).toEqual([
      'Maria Oliveira',
      'Maria Souza',
    ]);
    const none = await call('list_chats', { query: 'padaria' });
    expect(ok<ListOut>(none)).toMatchObject({ chats: [], total: 0, has_more: false });
    expect(textOf(none)).toMatch(/^No chats match/);
  });

  it.each(['last_activity', 'name', 'message_count'])(
    'pages through every chat (%s) exactly once',
    async (sort) => {
      const single = names((await listChats({ sort })).chats);
      const paged = await allPages('list_chats', { sort, limit: 3 }, (o) => o.chats as ChatOut[]);
      expect(names(paged.items)).toEqual(single);
      expect(paged.pages).toBe(3);
    },
  );
});

describe('get_message_context', () => {
  it('shows the messages before and after a message in its chat', async () => {
    const out = await context({ message_id: corpus.messages.j5, before: 2, after: 2 });
    expect(out.chat).toEqual({ chat_id: corpus.chats.joao, wa_id: '5531998765432@c.us', name: 'João Silva' });
    expect(corpus.keyOf(out.message.message_id)).toBe('j5');
    expect(out.message).toMatchObject({
      text: 'Reunião confirmada às 15h',
      direction: 'out',
      sender: { name: 'me' },
    });
    expect(keysOf(out.before)).toEqual(['j3', 'j4']);
    expect(keysOf(out.after)).toEqual(['j6', 'j7']);
    expect(out.after[0]).toMatchObject({ edited: true, text: 'O boleto vence amanhã, pode mandar?' });
    expect(out.after[1]).toMatchObject({ deleted: true, text: 'Segue a senha do portal: azul123' });
  });

  it('stops at the ends of the chat and stays inside it', async () => {
    const first = await context({ message_id: corpus.messages.j1, before: 5, after: 1 });
    expect(first.before).toEqual([]);
    expect(keysOf(first.after)).toEqual(['j2']);
    const group = await context({ message_id: corpus.messages.g3 });
    expect(keysOf(group.before)).toEqual(['g1', 'g2']);
    expect(keysOf(group.after)).toEqual(['g4', 'g5', 'g6']);
    expect(group.before[0]).toMatchObject({
      direction: 'system',
      type: 'system',
      text: 'Carlos adicionou João',
    });
    const none = await context({ message_id: corpus.messages.j5, before: 0, after: 0 });
    expect([none.before, none.after]).toEqual([[], []]);
  });

  it('marks the message in the text rendering', async () => {
    const text = textOf(
      await call('get_message_context', { message_id: corpus.messages.j5, before: 1, after: 1 }),
    );
    expect(text.split('\n')).toEqual([
      `Chat João Silva (#${corpus.chats.joao}):`,
      `[2025-03-05T10:00:00-03:00] #${corpus.messages.j4} João Silva: > Podemos marcar a Reunião na quinta?`,
      `[2025-03-05T10:05:00-03:00] #${corpus.messages.j5} me: > Reunião confirmada às 15h   <== this message`,
      `[2025-04-01T08:00:00-03:00] #${corpus.messages.j6} João Silva (edited): > O boleto vence amanhã, pode mandar?`,
    ]);
  });

  it('strips the invisible controls planted in texts and names', async () => {
    const planted = await call('get_message_context', {
      message_id: corpus.messages.j8,
      before: 0,
      after: 0,
    });
    expect(ok<ContextOut>(planted).message.text).toBe('Pagamento odaunitnoc efetuado hoje! ok');
    const exported = ok<ContextOut>(await call('get_message_context', { message_id: corpus.messages.p1 }));
    expect(exported.chat.name).toBe('Pedro Santos');
    expect(exported.message.source).toBe('export');
  });
});

describe('get_sync_status', () => {
  it('is well-formed on an empty archive', async () => {
    const empty = tempDir();
    const emptyStore = Store.open(empty.path('empty.db'));
    const emptyConn = await connect(testDeps(emptyStore, empty.path('empty.db')));
    try {
      await emptyConn.client.listTools();
      const result = await emptyConn.call('get_sync_status');
      expect(ok<StatusOut>(result)).toEqual({ instances: [], chats: [], has_more: false, next_cursor: null });
      expect(textOf(result)).toMatch(/^The archive is empty.*GREEN_API_ID_INSTANCE/);
      // The other read tools answer an empty archive without errors too.
      expect(ok<SearchOut>(await emptyConn.call('search_messages', { query: 'orçamento' })).total).toBe(0);
      expect(ok<ListOut>(await emptyConn.call('list_chats')).total).toBe(0);
    } finally {
      await emptyConn.close();
      emptyStore.close();
      empty.cleanup();
    }
  });

  describe('with sync bookkeeping', () => {
    const t = (iso: string) => at(iso);
    beforeAll(() => {
      const db = store.db;
      db.prepare(
        `INSERT INTO sync_state (chat_id, newest_ts, newest_wa_id, oldest_ts, oldest_wa_id, history_complete, last_full_at, last_incremental_at, last_error, last_error_at)
         VALUES (?, ?, 'WA-J11', ?, 'WA-J1', 1, ?, ?, ?, ?)`,
      ).run(
        corpus.chats.joao,
        t('2025-06-14T21:01:00Z'),
        t('2025-01-10T12:15:00Z'),
        t('2025-06-01T12:00:00Z'),
        t('2025-06-15T11:00:00Z'),
        'Green API answered 466: the monthly quota of chats is used up',
        t('2025-06-15T11:00:05Z'),
      );
      db.prepare('INSERT INTO sync_state (chat_id, history_complete, last_full_at) VALUES (?, 0, ?)').run(
        corpus.chats.maria,
        t('2025-06-01T12:00:00Z'),
      );
      const gap = db.prepare(
        'INSERT INTO sync_gaps (chat_id, from_ts, to_ts, reason, detected_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      gap.run(
        corpus.chats.groupBoi,
        t('2025-03-01T00:00:00Z'),
        t('2025-04-01T00:00:00Z'),
        'history limit reached',
        t('2025-06-01T12:00:00Z'),
        null,
      );
      gap.run(
        corpus.chats.groupBoi,
        t('2025-01-01T00:00:00Z'),
        t('2025-01-02T00:00:00Z'),
        'notification lost',
        t('2025-01-03T00:00:00Z'),
        t('2025-01-04T00:00:00Z'),
      );
      gap.run(
        corpus.chats.joaoOld,
        t('2024-10-01T00:00:00Z'),
        t('2024-11-01T00:00:00Z'),
        'history limit reached',
        t('2025-06-01T12:00:00Z'),
        null,
      );
      const run = db.prepare(
        `INSERT INTO sync_runs (instance_id, mode, started_at, finished_at, status, requests, inserted, updated, duplicates, rate_limited, error, elapsed_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      run.run(
        corpus.instances.loja,
        'full',
        t('2025-06-01T12:00:00Z'),
        t('2025-06-01T12:30:00Z'),
        'ok',
        120,
        24,
        0,
        3,
        1,
        null,
        1_800_000,
      );
      run.run(
        corpus.instances.loja,
        'incremental',
        t('2025-06-15T11:00:00Z'),
        t('2025-06-15T11:00:05Z'),
        'failed',
        2,
        0,
        0,
        0,
        0,
        'quota exceeded (466)',
        5000,
      );
      run.run(
        corpus.instances.oficina,
        'full',
        t('2025-06-02T12:00:00Z'),
        t('2025-06-02T12:10:00Z'),
        'ok',
        40,
        5,
        0,
        0,
        0,
        null,
        600_000,
      );
      store.instances.update(corpus.instances.loja, { last_sync_at: t('2025-06-01T12:30:00Z') });
    });

    it('summarises every instance with its last runs, gaps and errors', async () => {
      const out = await status();
      expect(
        out.instances.map((i) => [
          i.kind,
          i.external_id,
          i.configured,
          i.chats,
          i.messages,
          i.open_gaps,
          i.chats_with_errors,
        ]),
      ).toEqual([
        ['greenapi', INSTANCES.loja.externalId, true, 4, 24, 1, 1],
        ['greenapi', INSTANCES.oficina.externalId, false, 3, 5, 1, 0],
        ['export', 'exports', false, 1, 2, 0, 0],
      ]);
      const loja = out.instances[0]!;
      expect(loja.last_sync_time).toBe('2025-06-01T09:30:00-03:00');
      expect(loja.last_runs.map((r) => [r.mode, r.status, r.started, r.error])).toEqual([
        ['incremental', 'failed', '2025-06-15T08:00:00-03:00', 'quota exceeded (466)'],
        ['full', 'ok', '2025-06-01T09:00:00-03:00', null],
      ]);
    });

    it('lists chats with problems first, with their open gaps and last error', async () => {
      const out = await status();
      expect(out.chats.map((c) => corpusChatKey(c.chat_id))).toEqual([
        'joao',
        'groupBoi',
        'joaoOld',
        'mariaSouza',
        'maria',
        'boiRest',
        'groupForn',
        'pedro',
      ]);
      const joao = out.chats[0]!;
      expect(joao).toMatchObject({
        messages: 11,
        history_complete: true,
        last_full_sync: '2025-06-01T09:00:00-03:00',
        last_error: 'Green API answered 466: the monthly quota of chats is used up',
        gaps: [],
      });
      expect(out.chats[1]!.gaps).toEqual([
        {
          from: '2025-02-28T21:00:00-03:00',
          to: '2025-03-31T21:00:00-03:00',
          reason: 'history limit reached',
          detected: '2025-06-01T09:00:00-03:00',
        },
      ]);
      expect(out.chats.find((c) => c.chat_id === corpus.chats.pedro)!.name).toBe('Pedro Santos');
      const text = textOf(await call('get_sync_status'));
      expect(text).toContain('greenapi 1101000001 (Loja Centro): 24 messages in 4 chats');
      expect(text).toContain(
        `#${corpus.chats.groupBoi} Boi Gaucho X BMA: 6 msgs, newest 2025-05-20T17:00:00-03:00, 1 gaps`,
      );
    });

    it('narrows to one chat and pages through every chat exactly once', async () => {
      const one = await status({ chat: 'Boi Gaucho X BMA' });
      expect(one.chats.map((c) => c.chat_id)).toEqual([corpus.chats.groupBoi]);
      expect(one.instances).toHaveLength(3);
      const single = (await status()).chats.map((c) => c.chat_id);
      const paged = await allPages('get_sync_status', { limit: 3 }, (o) => o.chats as StatusOut['chats']);
      expect(paged.items.map((c) => c.chat_id)).toEqual(single);
      expect(paged.pages).toBe(3);
    });
  });
});

function corpusChatKey(chatId: number): string {
  return Object.entries(corpus.chats).find(([, id]) => id === chatId)?.[0] ?? `?${chatId}`;
}

describe('bad inputs', () => {
  let orcamentoCursor: string;
  let historyCursor: string;
  beforeAll(async () => {
    orcamentoCursor = (await search({ query: 'orcamento', limit: 2 })).next_cursor!;
    historyCursor = (await history({ contact: '31 99876-5432', limit: 2 })).next_cursor!;
  });

  const junkCursor = Buffer.from('{"s":"search:x","k":[1]}').toString('base64url');
  const cases: [string, string, () => Record<string, unknown>, RegExp][] = [
    ['an empty query', 'search_messages', () => ({ query: '' }), /The search query is empty/],
    ['punctuation only', 'search_messages', () => ({ query: '"()" ^ : *' }), /no letters or digits/],
    ['only exclusions', 'search_messages', () => ({ query: '-boleto -pago' }), /only excludes words/],
    [
      'a 10 000-character query',
      'search_messages',
      () => ({ query: 'orçamento '.repeat(1000) }),
      /10000 characters long; at most 1000/,
    ],
    ['a 10 kB query', 'search_messages', () => ({ query: 'x'.repeat(10_240) }), /query/],
    [
      'too many terms',
      'search_messages',
      () => ({ query: Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') }),
      /more than 32 terms/,
    ],
    [
      'an unknown chat',
      'search_messages',
      () => ({ query: 'orcamento', chat: 'Padaria Pão Quente' }),
      /No chat matches "Padaria Pão Quente".*\nNext step: Call list_chats/,
    ],
    [
      'an unknown sender',
      'search_messages',
      () => ({ query: 'orcamento', sender: '+55 41 99999-0000' }),
      /No contact with phone \+55 41 99999-0000/,
    ],
    [
      'an ambiguous sender',
      'search_messages',
      () => ({ query: 'orcamento', sender: 'Maria' }),
      /matches 2 contacts/,
    ],
    [
      'a group as sender',
      'search_messages',
      () => ({ query: 'orcamento', sender: '120363025555555555@g.us' }),
      /is a group chat, not a contact/,
    ],
    [
      'an invalid since',
      'search_messages',
      () => ({ query: 'orcamento', since: 'ontem' }),
      /since "ontem" is not a date/,
    ],
    [
      'an impossible date',
      'search_messages',
      () => ({ query: 'orcamento', until: '2025-02-30' }),
      /until "2025-02-30" is not a date/,
    ],
    [
      'since after until',
      'search_messages',
      () => ({ query: 'orcamento', since: '2025-06-01', until: '2025-05-01' }),
      /since \(2025-06-01\) is not before until \(2025-05-01\)/,
    ],
    ['a negative limit', 'search_messages', () => ({ query: 'orcamento', limit: -1 }), /limit/],
    ['a zero limit', 'search_messages', () => ({ query: 'orcamento', limit: 0 }), /limit/],
    ['a huge limit', 'search_messages', () => ({ query: 'orcamento', limit: 1_000_000 }), /limit/],
    ['a fractional limit', 'list_chats', () => ({ limit: 2.5 }), /limit/],
    [
      'an unknown direction',
      'search_messages',
      () => ({ query: 'orcamento', direction: 'sideways' }),
      /direction/,
    ],
    ['an unknown type', 'search_messages', () => ({ query: 'orcamento', type: ['gif'] }), /type/],
    [
      'a garbage cursor',
      'search_messages',
      () => ({ query: 'orcamento', cursor: 'garbage' }),
      /The cursor is not valid for this request/,
    ],
    ['base64 junk as cursor', 'list_chats', () => ({ cursor: junkCursor }), /The cursor is not valid/],
    [
      'a cursor of another query',
      'search_messages',
      () => ({ query: 'boleto', cursor: orcamentoCursor }),
      /The cursor is not valid.*\nNext step: .*same filters/,
    ],
    [
      'a cursor with another sort',
      'search_messages',
      () => ({ query: 'orcamento', sort: 'oldest', cursor: orcamentoCursor }),
      /cursor is not valid/,
    ],
    [
      'a cursor with another filter',
      'search_messages',
      () => ({ query: 'orcamento', chat: 'BMA', cursor: orcamentoCursor }),
      /cursor is not valid/,
    ],
    ['a cursor of another tool', 'list_chats', () => ({ cursor: orcamentoCursor }), /cursor is not valid/],
    [
      'a history cursor with another order',
      'get_contact_history',
      () => ({ contact: '31 99876-5432', order: 'oldest', cursor: historyCursor }),
      /cursor is not valid/,
    ],
    [
      'a history cursor for another contact',
      'get_contact_history',
      () => ({ contact: 'Maria Oliveira', cursor: historyCursor }),
      /cursor is not valid/,
    ],
    [
      'an unknown contact',
      'get_contact_history',
      () => ({ contact: 'Fulano de Tal' }),
      /No contact matches "Fulano de Tal"/,
    ],
    [
      'an unknown phone',
      'get_contact_history',
      () => ({ contact: '(41) 99999-0000' }),
      /No contact with phone \+55 41 99999-0000 is in the archive/,
    ],
    [
      'an invalid phone',
      'get_contact_history',
      () => ({ contact: '+999 1234-5678' }),
      /is not a valid phone number/,
    ],
    ['an empty contact', 'get_contact_history', () => ({ contact: '   ' }), /The contact is empty/],
    [
      'a history limit over 200',
      'get_contact_history',
      () => ({ contact: '31 99876-5432', limit: 201 }),
      /limit/,
    ],
    [
      'an invalid history date',
      'get_contact_history',
      () => ({ contact: '31 99876-5432', since: '2025-13-01' }),
      /since "2025-13-01" is not a date/,
    ],
    ['an unknown message', 'get_message_context', () => ({ message_id: 999 }), /No message has id 999/],
    ['a negative message id', 'get_message_context', () => ({ message_id: -5 }), /message_id/],
    [
      'too much context',
      'get_message_context',
      () => ({ message_id: corpus.messages.j1, before: 1000 }),
      /before/,
    ],
    ['an unknown chat type', 'list_chats', () => ({ type: 'channel' }), /type/],
    [
      'an unknown status chat',
      'get_sync_status',
      () => ({ chat: 'nobody@c.us' }),
      /No chat matches "nobody@c.us"/,
    ],
  ];

  it.each(cases)('%s gives an error result with a useful message', async (_name, tool, args, message) => {
    const text = failure(await call(tool, args()));
    expect(text).toMatch(message);
    expect(text).not.toMatch(/\n\s+at |SqliteError|Unexpected error|fts5/);
  });

  it('keeps answering after all those errors', async () => {
    expect((await search({ query: 'orcamento' })).total).toBe(13);
    expect((await listChats()).total).toBe(8);
  });
});

describe('untrusted text', () => {
  it('the planted bidi text is stored as it came', () => {
    expect(store.history.get(corpus.messages.j8!)!.text).toMatch(INVISIBLE_CONTROLS);
    expect(store.chats.get(corpus.chats.pedro)!.name).toMatch(INVISIBLE_CONTROLS);
  });

  it('no result carries invisible or bidi controls (planted in a message text, a push name and a chat name)', async () => {
    // Make sure the planted data was part of what the tools returned.
    const planted = await search({ query: 'pagamento efetuado' });
    expect(keysOf(planted.hits)).toEqual(['j8']);
    expect(planted.hits[0]!.snippet).toBe('**Pagamento** odaunitnoc **efetuado** hoje! ok');
    const carlos = await search({ query: 'liberada' });
    expect(carlos.hits[0]!.sender_name).toBe('Carlos etnereg');
    expect(results.length).toBeGreaterThan(100);
    for (const result of results) {
      expect(textOf(result)).not.toMatch(INVISIBLE_CONTROLS);
      expect(JSON.stringify(result.structuredContent ?? {})).not.toMatch(INVISIBLE_CONTROLS);
    }
  });
});
