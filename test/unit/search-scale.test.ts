import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldedTokens as rankTokens, rankCandidates } from '../../src/store/rank.js';
import { Store } from '../../src/store/index.js';
import { parseSearchQuery } from '../../src/store/search-query.js';
import { COUNT_CAP, RELEVANCE_POOL, type SearchInput } from '../../src/store/search.js';
import type { NewMessage } from '../../src/store/types.js';
import { foldedTokens, tempDir } from '../helpers/tmp.js';

/**
 * Search over more matches than the relevance pool and the count cap, checked against a brute-force
 * oracle: which messages match, the total, the newest-RELEVANCE_POOL pool and its BM25 order, date
 * ranges (whose bounds the full-text walk cannot seek to) and paging in every order.
 */

const T0 = 1_700_000_000;
const WORDS = [
  'orçamento',
  'boleto',
  'pix',
  'entrega',
  'Geladeira',
  'conserto',
  'amanhã',
  'ok',
  '😀',
  'nota',
];

/** A deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tmp = tempDir();
let store: Store;
const chats: number[] = [];
interface Stored {
  id: number;
  chat: number;
  ts: number;
  direction: 'in' | 'out';
  tokens: string[];
  text: string;
}
const stored: Stored[] = [];

beforeAll(() => {
  store = Store.open(tmp.path('archive.db'));
  const instance = store.instances.ensure('greenapi', '1101000001', 'Loja');
  for (const wa of ['5531998765432@c.us', '5521987654321@c.us'])
    chats.push(store.chats.upsert({ instanceId: instance, waId: wa, type: 'private', name: wa }));
  const random = rng(7);
  chats.forEach((chat, c) => {
    const batch: NewMessage[] = [];
    for (let i = 0; i < 2500; i++) {
      const length = 1 + Math.floor(random() * 12);
      const words = Array.from({ length }, () => WORDS[Math.floor(random() ** 2 * WORDS.length)]!);
      batch.push({
        waId: `m${c}-${i}`,
        ts: T0 + i * 600 + c * 7,
        direction: random() < 0.5 ? 'in' : 'out',
        senderWaId: random() < 0.5 ? '5531998765432@c.us' : null,
        senderName: null,
        type: 'text',
        text: words.join(random() < 0.2 ? ', ' : ' '),
        source: 'api',
      });
    }
    store.messages.save(instance, chat, batch);
  });
  for (const r of store.db
    .prepare<[], { id: number; chat_id: number; ts: number; direction: 'in' | 'out'; text: string }>(
      'SELECT id, chat_id, ts, direction, text FROM messages',
    )
    .all())
    stored.push({
      id: r.id,
      chat: r.chat_id,
      ts: r.ts,
      direction: r.direction,
      text: r.text,
      tokens: foldedTokens(r.text),
    });
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

type Filter = Pick<SearchInput, 'chatIds' | 'direction' | 'since' | 'until'>;

/** Matching messages, newest first, by brute force over folded tokens. */
function oracle(words: string[], f: Filter): Stored[] {
  return stored
    .filter(
      (m) =>
        words.every((w) => m.tokens.includes(w)) &&
        (f.chatIds === undefined || f.chatIds.includes(m.chat)) &&
        (f.direction === undefined || m.direction === f.direction) &&
        (f.since === undefined || m.ts >= f.since) &&
        (f.until === undefined || m.ts < f.until),
    )
    .sort((a, b) => b.id - a.id);
}

/** BM25 (k1 1.2, b 0.75, equal term weights) over `pool`, best first, ties newest first. */
function bm25(pool: Stored[], words: string[]): number[] {
  const avg = pool.reduce((s, m) => s + m.tokens.length, 0) / Math.max(1, pool.length) || 1;
  return pool
    .map((m) => {
      const norm = 1.2 * (0.25 + (0.75 * m.tokens.length) / avg);
      const score = words.reduce((s, w) => {
        const tf = m.tokens.filter((t) => t === w).length;
        return s + (tf * 2.2) / (tf + norm);
      }, 0);
      return { id: m.id, score };
    })
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .map((r) => r.id);
}

function allPages(input: Omit<SearchInput, 'cursor'>): {
  ids: number[];
  first: ReturnType<Store['search']['search']>;
} {
  const first = store.search.search(input);
  const ids = first.hits.map((h) => h.id);
  let next = first.nextCursor;
  while (next) {
    const page = store.search.search({ ...input, cursor: next });
    ids.push(...page.hits.map((h) => h.id));
    next = page.nextCursor;
  }
  return { ids, first };
}

const FILTERS: [string, Filter][] = [
  ['no filter', {}],
  ['a chat', { chatIds: [0] }],
  ['a direction (checked on the row)', { direction: 'out' }],
  ['a date range', { since: T0 + 300_000, until: T0 + 600_000 }],
  ['a date range with few matches', { since: T0 + 500_000, until: T0 + 520_000 }],
  ['an early range with more matches than the cap', { since: T0 + 10_000, until: T0 + 1_400_000 }],
  ['a late range', { since: T0 + 1_100_000, until: T0 + 1_450_000 }],
  ['only since', { since: T0 + 1_200_000 }],
  ['only until', { until: T0 + 200_000 }],
  ['a range with no messages', { since: T0 - 100_000, until: T0 - 50_000 }],
  [
    'chat, direction and range',
    { chatIds: [1], direction: 'in', since: T0 + 100_000, until: T0 + 1_000_000 },
  ],
];

describe('search over many matches', () => {
  it.each(FILTERS)('counts, pools and ranks like the oracle with %s', (_, raw) => {
    const f = { ...raw, ...(raw.chatIds ? { chatIds: raw.chatIds.map((i) => chats[i]!) } : {}) };
    for (const q of ['orcamento', 'boleto pix', 'geladeira']) {
      const words = q.split(' ');
      const expected = oracle(words, f);
      const cap = f.direction ? 500 : COUNT_CAP;
      const { ids, first } = allPages({ query: parseSearchQuery(q), ...f, sort: 'relevance', limit: 37 });
      expect(first.total, q).toBe(Math.min(expected.length, cap));
      expect(first.totalExact, q).toBe(expected.length <= cap);
      expect(first.rankedAmong, q).toBe(expected.length > RELEVANCE_POOL ? RELEVANCE_POOL : null);
      expect(ids, q).toEqual(bm25(expected.slice(0, RELEVANCE_POOL), words));
      for (const sort of ['newest', 'oldest'] as const) {
        const paged = allPages({ query: parseSearchQuery(q), ...f, sort, limit: 97 });
        const order = expected.map((m) => m.id);
        expect(paged.ids, `${q} ${sort}`).toEqual(sort === 'newest' ? order : [...order].reverse());
        expect(paged.first.total, `${q} ${sort}`).toBe(Math.min(expected.length, cap));
      }
    }
  });

  it('has data enough to exceed the pool and the cap', () => {
    expect(oracle(['orcamento'], {}).length).toBeGreaterThan(COUNT_CAP);
    expect(oracle(['orcamento'], { direction: 'out' }).length).toBeGreaterThan(500);
  });
});

describe('rank tokens', () => {
  it('fold and split like the index, also around emoji, sigma, astral letters and combining marks', () => {
    for (const text of [
      'Orçamento da GELADEIRA: R$1.200,00 😀👍🏽 amanhã',
      'ΣΊΣΥΦΟΣ και ΟΔΟΣ',
      'İstanbul ß ǅ ﬁ Ⅻ ½ ١٢٣ x\u0307y a\u200db',
      '𝐀𝐁𝐂 math and 𐐀 Deseret',
      'e\u0301 ma\u0303e combin\u{1d165}ing',
      '\ud800 lone surrogate \udc00',
      '',
    ])
      expect(rankTokens(text), text).toEqual(foldedTokens(text));
  });

  it('scores words, prefixes and phrases from the raw text as the index tokens would', () => {
    const texts = [
      'Orçamento da GELADEIRA: R$1.200,00 😀👍🏽 amanhã orcamento',
      'ǅemal dzień DZ: ǆ dz',
      'İstanbul istanbul ß ﬁ Ⅻ ½ ١٢٣ x\u0307y a\u200db',
      '한국어 한 국 한국',
      `${'한국 '.repeat(400)}orcamento`, // folds to far more units than it has
      'e\u0301 ma\u0303e mãe MAE mamãe',
      '\ud800 lone surrogate \udc00 orc',
      'orç orçamentos orcamento, ORÇAMENTO!',
      '',
    ];
    const candidates = texts.map((text, id) => ({ id, text }));
    const tokens = texts.map(foldedTokens);
    const avg = tokens.reduce((s, t) => s + t.length, 0) / tokens.length;
    for (const q of [
      'orcamento',
      'orc*',
      'dz',
      'istanbul',
      'mae',
      'ma*',
      '한국',
      'i*',
      'orcamento mae',
      'dz* x',
      '"orcamento da geladeira"',
      '"istanbul ss"',
      '"e mae"*',
      '"mae mama"*',
    ]) {
      const query = parseSearchQuery(q);
      const terms = query.groups.flat();
      const expected = tokens.map((t) => {
        const norm = 1.2 * (0.25 + (0.75 * t.length) / avg);
        return terms.reduce((score, term) => {
          const words = term.tokens.map((w) => rankTokens(w)[0] ?? w);
          const last = words.length - 1;
          const tf = t.filter((_, i) =>
            words.every((w, k) => (term.prefix && k === last ? t[i + k]?.startsWith(w) : t[i + k] === w)),
          ).length;
          return score + (tf ? (tf * 2.2) / (tf + norm) : 0);
        }, 0);
      });
      const scores = new Map(rankCandidates(candidates, query).map((r) => [r.id, r.score]));
      texts.forEach((text, id) => expect(scores.get(id), `${q} in ${text}`).toBeCloseTo(expected[id]!, 12));
    }
  });

  it('ranks the same whichever way a text was folded', () => {
    const query = parseSearchQuery('orcamento');
    const ranked = rankCandidates(
      [
        { id: 1, text: 'orçamento 😀' },
        { id: 2, text: 'ORCAMENTO orçamento 😀' },
        { id: 3, text: 'o orçamento de ontem, Σ' },
      ],
      query,
    );
    expect(ranked.map((r) => r.id)).toEqual([2, 1, 3]);
  });
});
