/**
 * What-if experiments behind the benchmark's suggestions, on a throw-away copy of the cached archive
 * (the cache and src/ are left untouched). Each experiment times the store's own code before and
 * after one schema change, or compares a statement with an alternative form.
 *
 *   tsx bench/whatif.ts [--messages N] [--skip-prefix]
 *
 * 1. messages_sender as (sender_id, chat_id): get_contact_history's group discovery (chats.groupsOf)
 *    and its per-group page (messages.page with one sender), plus a skip-scan form of the discovery.
 * 2. Count caps: the count statement of search.ts with the current cap and smaller ones.
 * 3. The FTS5 prefix index (none, '3' as in schema.sql, '2 3'): prefix queries (orç*) and the index size.
 */
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '../src/store/index.js';
import { parseSearchQuery } from '../src/store/search-query.js';
import { DEFAULT_SEED, ensureArchive, usedBytes } from './generate.js';
import { fmtMs, percentile, timeRuns } from './lib/stats.js';

const { values } = parseArgs({
  options: { messages: { type: 'string' }, 'skip-prefix': { type: 'boolean' } },
});
const { meta } = ensureArchive({
  messages: Number(values.messages ?? 1_000_000),
  seed: DEFAULT_SEED,
  log: console.error,
});
const copy = join(tmpdir(), `wa-archive-whatif-${process.pid}.db`);
copyFileSync(meta.path, copy);
const store = Store.open(copy);
const db = store.db;

async function time(label: string, fn: () => unknown, runs = 15): Promise<void> {
  const { samples, cpu } = await timeRuns(fn, runs, 2);
  console.log(
    `  ${label.padEnd(78)} median ${fmtMs(percentile(samples, 0.5)).padStart(6)} ms, CPU ${fmtMs(percentile(cpu, 0.5)).padStart(6)} ms`,
  );
}

try {
  const contact = meta.historyContact.id;
  const groups = store.chats.groupsOf([contact]);
  const group = groups[0]!;
  // A position deep in the contact's history: 50,000 of their messages back from the newest.
  const deep = db
    .prepare<[number], { id: number }>(
      'SELECT id FROM messages WHERE sender_id = ? ORDER BY id DESC LIMIT 1 OFFSET 50000',
    )
    .get(contact)?.id;
  const groupPage = (after: number | undefined) => () =>
    store.history.page({ chatId: group.id, senderIds: [contact], order: 'desc', limit: 51, after });
  const skipScan = db.prepare(
    `WITH RECURSIVE g(chat) AS (
       SELECT (SELECT min(chat_id) FROM messages WHERE sender_id = @s)
       UNION ALL SELECT (SELECT min(chat_id) FROM messages WHERE sender_id = @s AND chat_id > g.chat) FROM g WHERE g.chat IS NOT NULL)
     SELECT c.id FROM g JOIN chats c ON c.id = g.chat WHERE c.type = 'group'`,
  );
  const indexSql = () =>
    db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'messages_sender'").get()
      ?.sql ?? '(none)';
  const historyCosts = async () => {
    await time('chats.groupsOf (the groups a contact wrote in)', () => store.chats.groupsOf([contact]), 5);
    await time('messages.page in the group, first page', groupPage(undefined));
    if (deep) await time('messages.page in the group, 50,000 of their messages deep', groupPage(deep));
  };
  console.log(
    `1. get_contact_history of contact ${contact} (${meta.historyContact.messages} messages), ${groups.length} groups; group ${group.id}`,
  );
  const variants = [
    'CREATE INDEX messages_sender ON messages (sender_id) WHERE sender_id IS NOT NULL',
    'CREATE INDEX messages_sender ON messages (sender_id, chat_id) WHERE sender_id IS NOT NULL',
  ];
  const original = indexSql();
  console.log(`   as generated (schema.sql): ${original}`);
  await historyCosts();
  const sizeBefore = usedBytes(store);
  for (const variant of variants.filter((v) => v.replace(/\s+/g, ' ') !== original.replace(/\s+/g, ' '))) {
    db.exec(`DROP INDEX messages_sender; ${variant}`);
    db.exec('VACUUM');
    console.log(
      `   instead: ${indexSql()} (${((usedBytes(store) - sizeBefore) / meta.messages).toFixed(1)} B/message)`,
    );
    await historyCosts();
  }
  if (indexSql() !== original) db.exec(`DROP INDEX messages_sender; ${original}`);
  if (original.includes('chat_id')) {
    await time('skip-scan over (sender_id, chat_id) (recursive CTE, one seek per chat)', () =>
      skipScan.all({ s: contact }),
    );
    const found = (skipScan.all({ s: contact }) as { id: number }[]).map((r) => r.id).sort();
    console.log(
      `   skip-scan finds the same groups: ${JSON.stringify(found) === JSON.stringify(groups.map((g) => g.id).sort())}`,
    );
  }

  console.log(
    '2. search.ts count statement: SELECT count(*) FROM (SELECT 1 FROM messages_fts WHERE … LIMIT cap)',
  );
  const count = db.prepare<[string, number, number, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?)',
  );
  const cases: [string, string][] = [
    ['orçamento in the busiest chat', `{text} : ("orcamento") AND {tags} : ("c${meta.busiestChat.id}")`],
    ['obrigado', '{text} : ("obrigado")'],
    ['"nota fiscal"', '{text} : ("nota fiscal")'],
    ['orç*', '{text} : ("orc"*)'],
  ];
  for (const [label, match] of cases) {
    for (const cap of [10_001, 2_001, 501]) {
      await time(
        `${label}, cap ${cap - 1} (n = ${count.get(match, 0, Number.MAX_SAFE_INTEGER, cap)!.n})`,
        () => count.get(match, 0, Number.MAX_SAFE_INTEGER, cap),
      );
    }
  }

  console.log(
    '   evaluating the MATCH once: newest ids up to the cap in one statement (count = rows, pool = first 500)',
  );
  const once = db.prepare<[string, number, number, number], { id: number }>(
    'SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?',
  );
  const pool = db.prepare<[string, number, number, number], { id: number; text: string | null }>(
    `SELECT m.id, m.text FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
     WHERE messages_fts MATCH ? AND messages_fts.rowid BETWEEN ? AND ? ORDER BY messages_fts.rowid DESC LIMIT ?`,
  );
  const texts = db.prepare<[string], { id: number; text: string | null }>(
    'SELECT m.id, m.text FROM json_each(?) j JOIN messages m ON m.id = j.value',
  );
  for (const [label, match] of [cases[0]!, cases[3]!]) {
    await time(`${label}: count (cap 10000) + pool of 500 with text, as search.ts`, () => {
      count.get(match, 0, Number.MAX_SAFE_INTEGER, 10_001);
      pool.all(match, 0, Number.MAX_SAFE_INTEGER, 500);
    });
    await time(`${label}: ids up to 10001 newest first, then text of the first 500 by id`, () => {
      const ids = once.all(match, 0, Number.MAX_SAFE_INTEGER, 10_001).slice(0, 500);
      texts.all(JSON.stringify(ids.map((r) => r.id)));
    });
  }

  if (!values['skip-prefix']) {
    const search = (q: string) => () =>
      store.search.search({ query: parseSearchQuery(q), sort: 'relevance', limit: 20 });
    console.log("3. FTS5 prefix index: search 'orç*' (relevance) through store.search.search");
    // Each variant is rebuilt, optimised and vacuumed, so the sizes compare like with like.
    const rebuild = (prefix: string | null) => {
      db.exec(`DROP TABLE messages_fts_terms; DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5 (text, tags, content = 'messages', content_rowid = 'id',
          tokenize = 'unicode61 remove_diacritics 2',${prefix === null ? '' : ` prefix = '${prefix}',`} columnsize = 0);
        CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab (messages_fts, row);
        INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
        INSERT INTO messages_fts (messages_fts) VALUES ('optimize');`);
      db.exec('VACUUM');
    };
    rebuild('3');
    const before = usedBytes(store);
    await time("prefix = '3' (schema.sql)", search('orç*'));
    for (const prefix of [null, '2 3']) {
      const label = prefix === null ? 'no prefix index' : `prefix = '${prefix}'`;
      const t = performance.now();
      rebuild(prefix);
      const after = usedBytes(store);
      console.log(
        `   ${label}: rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s; size ${(before / meta.messages).toFixed(1)} -> ` +
          `${(after / meta.messages).toFixed(1)} B/message (${after >= before ? '+' : ''}${((after - before) / meta.messages).toFixed(1)})`,
      );
      await time(`with ${label}`, search('orç*'));
      await time(`with ${label}, 4-letter prefix orça* (no index of that length)`, search('orça*'));
    }
  }
} finally {
  store.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
}
console.log(`(copy of ${meta.path}, ${(statSync(meta.path).size / 2 ** 20).toFixed(0)} MiB, removed)`);
