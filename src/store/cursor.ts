import { InputError } from '../errors.js';

/**
 * Opaque keyset cursors: the sort key of the last row returned, bound to the query it came from
 * so that a cursor cannot be replayed against different filters.
 */
type Key = (string | number | null)[];

export function encodeCursor(scope: string, key: Key): string {
  return Buffer.from(JSON.stringify({ s: scope, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, scope: string): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      s?: unknown;
      k?: unknown;
    };
    if (
      value.s === scope &&
      Array.isArray(value.k) &&
      value.k.every((v) => v === null || ['string', 'number'].includes(typeof v))
    ) {
      return value.k as Key;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    'The cursor is not valid for this request.',
    'Pass the next_cursor of the previous page unchanged, with the same filters, or omit cursor to start from the first page.',
  );
}

/** A short stable fingerprint of the filters a cursor belongs to. */
export function scopeOf(kind: string, filters: unknown): string {
  const text = JSON.stringify(filters);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return `${kind}:${(h >>> 0).toString(36)}`;
}
