import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { decodeCursor, encodeCursor, scopeOf } from '../../src/store/cursor.js';

describe('cursors', () => {
  const scope = scopeOf('search', { match: '"orcamento"', from: 0, to: 10, sort: 'newest' });

  it('round-trip the sort key of the last row', () => {
    for (const key of [[1_740_000_000 * 1024 + 3], [-7.625, 12345, null], ['joão silva', 42], []]) {
      expect(decodeCursor(encodeCursor(scope, key), scope)).toEqual(key);
    }
  });

  it('are opaque url-safe strings', () => {
    const cursor = encodeCursor(scope, ['a/b+c=d', 1]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('a/b');
  });

  it('mean "first page" when absent or empty', () => {
    expect(decodeCursor(undefined, scope)).toBeUndefined();
    expect(decodeCursor('', scope)).toBeUndefined();
  });

  it('derive the same scope from the same filters and different ones from different filters', () => {
    expect(scopeOf('search', { a: 1, b: [2, 3] })).toBe(scopeOf('search', { a: 1, b: [2, 3] }));
    expect(scopeOf('search', { a: 1, b: [2, 3] })).not.toBe(scopeOf('search', { a: 1, b: [3, 2] }));
    expect(scopeOf('search', { a: 1 })).not.toBe(scopeOf('chats', { a: 1 }));
    expect(scopeOf('search', { since: 100 })).not.toBe(scopeOf('search', { since: 101 }));
  });

  const otherScope = scopeOf('search', { match: '"boleto"', from: 0, to: 10, sort: 'newest' });
  const junk: [string, string][] = [
    ['garbage', 'not-a-cursor'],
    ['base64 of plain text', Buffer.from('hello world').toString('base64url')],
    ['base64 of a JSON number', Buffer.from('42').toString('base64url')],
    ['base64 of null', Buffer.from('null').toString('base64url')],
    ['JSON without a key', Buffer.from(JSON.stringify({ s: scope })).toString('base64url')],
    ['a key that is not a list', Buffer.from(JSON.stringify({ s: scope, k: 5 })).toString('base64url')],
    [
      'a key holding objects',
      Buffer.from(JSON.stringify({ s: scope, k: [{ id: 1 }] })).toString('base64url'),
    ],
    ['random bytes', Buffer.from([0xff, 0x00, 0x7b, 0x22, 0xfe]).toString('base64url')],
    ['another query', encodeCursor(otherScope, [1])],
    ['another kind of list', encodeCursor(scopeOf('chats', {}), [1])],
    ['a tampered scope', encodeCursor(`${scope}x`, [1])],
  ];

  it.each(junk)('reject %s with an InputError that says what to do', (_name, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor, scope);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('The cursor is not valid for this request.');
    expect((error as InputError).hint).toMatch(/next_cursor.*same filters/);
  });
});
