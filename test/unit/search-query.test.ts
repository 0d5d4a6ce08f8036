import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseSearchQuery, tokenize, type ParsedQuery } from '../../src/store/search-query.js';
import { matchExpression } from '../../src/store/search-plan.js';
import { Store } from '../../src/store/index.js';
import { tempDir } from '../helpers/tmp.js';

/** A real FTS5 table with the archive's tokenizer and a few documents. */
let fts: Database.Database;
/** A real archive, to run the full match expression (text column + filter tags). */
let store: Store;
const tmp = tempDir();

const DOCS = [
  'Bom dia, gostaria de um orçamento',
  'Reunião confirmada às 15h',
  'OS 30415 liberada',
  'boleto pago ontem',
  'boleto vence amanhã',
  'near the text: column filter (not really)',
  'o orçamento da OS 30415 foi enviado',
];

beforeAll(() => {
  fts = new Database(':memory:');
  fts.exec("CREATE VIRTUAL TABLE t USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2')");
  const insert = fts.prepare('INSERT INTO t (rowid, text) VALUES (?, ?)');
  DOCS.forEach((d, i) => insert.run(i + 1, d));
  store = Store.open(tmp.path('archive.db'));
  const instance = store.instances.ensure('greenapi', '1');
  const chat = store.chats.upsert({
    instanceId: instance,
    waId: '5531998765432@c.us',
    type: 'private',
    name: 'X',
  });
  store.messages.save(
    instance,
    chat,
    DOCS.map((text, i) => ({
      waId: `M${i}`,
      ts: 1_700_000_000 + i,
      direction: 'in' as const,
      senderWaId: '5531998765432@c.us',
      senderName: 'X',
      type: 'text' as const,
      text,
      source: 'api' as const,
    })),
  );
});

afterAll(() => {
  fts.close();
  store.close();
  tmp.cleanup();
});

/** Documents (1-based indexes into DOCS) that a user query finds. */
function find(query: string): number[] {
  const { match } = parseSearchQuery(query);
  return fts
    .prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid')
    .all(match)
    .map((r) => r.rowid);
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('tokenize', () => {
  it('lowercases and splits on everything but letters, digits and marks', () => {
    expect(tokenize('OS-30415 Orçamento, REUNIÃO!')).toEqual(['os', '30415', 'orçamento', 'reunião']);
    expect(tokenize('"():^*')).toEqual([]);
  });
});

describe('parseSearchQuery', () => {
  it('ANDs plain words and finds them accent- and case-insensitively', () => {
    const q = parseSearchQuery('Orcamento OS');
    expect(q.groups).toEqual([
      [{ tokens: ['orcamento'], prefix: false }],
      [{ tokens: ['os'], prefix: false }],
    ]);
    expect(q.excluded).toEqual([]);
    expect(find('Orcamento OS')).toEqual([7]);
    expect(find('reuniao')).toEqual([2]);
    expect(find('ORÇAMENTO')).toEqual([1, 7]);
  });

  it('keeps "exact phrases" together', () => {
    const q = parseSearchQuery('"OS 30415" liberada');
    expect(q.groups[0]).toEqual([{ tokens: ['os', '30415'], prefix: false }]);
    expect(find('"OS 30415" liberada')).toEqual([3]);
    expect(find('"30415 os"')).toEqual([]);
    expect(find('"boleto pago"')).toEqual([4]);
  });

  it('groups terms joined by OR', () => {
    const q = parseSearchQuery('boleto pago OR vence');
    expect(q.groups).toHaveLength(2);
    expect(q.groups[1]!.map((t) => t.tokens[0])).toEqual(['pago', 'vence']);
    expect(find('boleto pago OR vence')).toEqual([4, 5]);
    expect(find('reunião OR liberada OR "foi enviado"')).toEqual([2, 3, 7]);
  });

  it('excludes -words and -"phrases"', () => {
    expect(find('boleto -pago')).toEqual([5]);
    expect(find('orçamento -"os 30415"')).toEqual([1]);
    const q = parseSearchQuery('boleto -pago');
    expect(q.excluded).toEqual([{ tokens: ['pago'], prefix: false }]);
  });

  it('matches prefixes with a trailing *', () => {
    expect(parseSearchQuery('orç*').groups[0]).toEqual([{ tokens: ['orç'], prefix: true }]);
    expect(find('orç*')).toEqual([1, 7]);
    expect(find('bol*')).toEqual([4, 5]);
    expect(find('bol')).toEqual([]);
    expect(find('"boleto pa"*')).toEqual([4]);
  });

  it('accepts AND as a keyword (words are ANDed anyway)', () => {
    expect(parseSearchQuery('boleto AND pago').groups).toHaveLength(2);
    expect(find('boleto AND pago')).toEqual([4]);
    // Lowercase "and" and "or" are ordinary words.
    expect(parseSearchQuery('pago or vence').groups).toHaveLength(3);
  });

  it('treats FTS5 syntax as plain text', () => {
    for (const query of [
      'NEAR(boleto pago)',
      'text:boleto',
      '{text tags}: boleto',
      '^boleto',
      'boleto NOT pago',
      '(boleto OR',
      'boleto)',
      '"boleto',
      'boleto"',
      'bo"leto',
      "o'neil",
      'boleto + pago',
      '* boleto',
      'tags:c1',
      'rank:1',
    ]) {
      const { match } = parseSearchQuery(query);
      expect(() => fts.prepare('SELECT rowid FROM t WHERE t MATCH ?').all(match), query).not.toThrow();
    }
    // Column filters, NEAR and NOT are words here, so they must be present in the text.
    expect(find('text: column filter')).toEqual([6]);
    expect(find('NEAR(the text)')).toEqual([6]);
    expect(find('boleto NOT pago')).toEqual([]);
    expect(find('^boleto')).toEqual([4, 5]);
    expect(find('(boleto')).toEqual([4, 5]);
    expect(find('"boleto pago')).toEqual([4]);
  });

  it('rejects an empty query, punctuation only, and exclusions only', () => {
    expect(inputError(() => parseSearchQuery('')).message).toMatch(/empty/);
    expect(inputError(() => parseSearchQuery('   \t ')).message).toMatch(/empty/);
    expect(inputError(() => parseSearchQuery('"()" ^ : *')).message).toMatch(/no letters or digits/);
    const onlyExcluded = inputError(() => parseSearchQuery('-boleto -"pago"'));
    expect(onlyExcluded.message).toMatch(/only excludes/);
    expect(onlyExcluded.hint).toMatch(/boleto -pago/);
  });

  it('rejects a 10 kB query with a clear message', () => {
    const error = inputError(() => parseSearchQuery('orçamento '.repeat(1024)));
    expect(error.message).toMatch(/10240 characters long; at most 1000/);
    expect(error.hint).toMatch(/few distinctive words/);
  });

  it('rejects more than 32 terms', () => {
    const words = Array.from({ length: 33 }, (_, i) => `w${i}`).join(' ');
    expect(inputError(() => parseSearchQuery(words)).message).toMatch(/more than 32 terms/);
    expect(() => parseSearchQuery(words.split(' ').slice(0, 32).join(' '))).not.toThrow();
  });
});

describe('fuzzing the parser against a real FTS5 table', () => {
  const PIECES = [
    '"',
    '(',
    ')',
    '*',
    '^',
    ':',
    '-',
    '+',
    ',',
    '.',
    "'",
    '\\',
    '{',
    '}',
    ' ',
    ' ',
    ' ',
    'OR',
    'AND',
    'NOT',
    'NEAR',
    'NEAR(',
    'text',
    'tags',
    'c1',
    'orç',
    'orçamento',
    'Reunião',
    'é',
    '\u0301',
    '\u200b',
    '\u202e',
    '\u0000',
    '🎉',
    'ß',
    'İ',
    '\u3000',
    '30415',
    'a',
  ];

  /** A small deterministic PRNG (mulberry32) so failures can be reproduced. */
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('never produces a MATCH expression that SQLite rejects', () => {
    const random = rng(20250615);
    const onTable = fts.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
    const onArchive = store.db.prepare('SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH ?');
    let parsed = 0;
    for (let i = 0; i < 600; i++) {
      const n = 1 + Math.floor(random() * 14);
      let query = '';
      for (let k = 0; k < n; k++) query += PIECES[Math.floor(random() * PIECES.length)];
      if (random() < 0.1) query += String.fromCharCode(Math.floor(random() * 0x3000));
      let q: ParsedQuery;
      try {
        q = parseSearchQuery(query);
      } catch (error) {
        expect(error, JSON.stringify(query)).toBeInstanceOf(InputError);
        continue;
      }
      parsed++;
      expect(() => onTable.get(q.match), JSON.stringify(query)).not.toThrow();
      const full = matchExpression({
        query: q,
        chatIds: [1, 2],
        senderIds: [3],
        types: ['image', 'document'],
      });
      expect(() => onArchive.get(full), JSON.stringify(query)).not.toThrow();
    }
    // The fuzz must exercise the happy path, not only rejections.
    expect(parsed).toBeGreaterThan(300);
  });
});
