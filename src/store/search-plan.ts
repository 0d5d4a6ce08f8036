import type { SearchInput } from './search.js';

/**
 * How a search's filters reach SQLite: the selective ones (chat, sender, non-text type) as an AND with
 * tokens of the `tags` column inside the MATCH expression, the others as conditions on the row.
 */

function anyOf(prefix: string, values: readonly (string | number)[]): string {
  return `{tags} : (${values.map((v) => `"${prefix}${v}"`).join(' OR ')})`;
}

/** The MATCH expression: the user's terms on the text column, the filters on the tags column. */
export function matchExpression(
  input: Pick<SearchInput, 'query' | 'chatIds' | 'senderIds' | 'types'>,
): string {
  const parts = [`{text} : (${input.query.match})`];
  if (input.chatIds?.length) parts.push(anyOf('c', input.chatIds));
  if (input.senderIds?.length) parts.push(anyOf('s', input.senderIds));
  // 'text' has no tag (it is most messages); it is checked on the row, see rowCheck.
  if (input.types?.length && !input.types.includes('text')) parts.push(anyOf('t', input.types));
  return parts.join(' AND ');
}

/** Conditions checked on the message row: direction, and a type list that includes 'text'. */
export interface RowCheck {
  sql: string;
  params: string[];
}

export function rowCheck(input: Pick<SearchInput, 'direction' | 'types'>): RowCheck {
  const sql: string[] = [];
  const params: string[] = [];
  if (input.direction) {
    sql.push('m.direction = ?');
    params.push(input.direction);
  }
  if (input.types?.includes('text')) {
    sql.push(`m.type IN (${input.types.map(() => '?').join(',')})`);
    params.push(...input.types);
  }
  return { sql: sql.join(' AND '), params };
}
