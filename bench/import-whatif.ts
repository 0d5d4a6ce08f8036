/**
 * What-if experiments behind the import benchmark's suggestions, on throw-away databases (src/ and
 * the schema are left untouched). The rows a finished import stored (ids given: no parsing, no id
 * allocation, no sender lookups) are written again into an empty archive in several ways, to tell
 * the cost of the row itself (table and indexes) from the cost of the full-text index, and to price
 * alternatives:
 *
 * - one INSERT and one FTS5 INSERT ... VALUES per message (MessagesRepo.saveMany since a84a434, which
 *   reads the row's generated tags back with a SELECT; computed in JavaScript here);
 * - the same with the FTS5 insert as INSERT ... SELECT (the store before a84a434): SQLite runs an
 *   INSERT ... SELECT into a virtual table under a statement savepoint, at which FTS5 writes its
 *   pending terms out as a new segment, so that form makes one index segment per message;
 * - one INSERT per message, no full-text index (the floor of per-row writes);
 * - one INSERT per message, the index built by one statement after the file's rows;
 * - one multi-row INSERT per 500 messages and one FTS5 INSERT ... SELECT per 500;
 * - the same with an insert trigger doing the FTS5 insert, as the schema did before 604597e (a
 *   statement savepoint too).
 */
import Database from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/store/index.js';
import { measureImport } from './import-measure.js';

export interface WhatIf {
  label: string;
  wallMs: number;
  cpuMs: number | null;
  messages: number;
  messagesPerSecond: number;
  /** Messages per CPU second (less sensitive to a busy machine). */
  messagesPerCpuSecond: number | null;
  note?: string;
}

const COLUMNS =
  'id, chat_id, wa_id, direction, sender_id, sender_name, type, text, quoted_wa_id, media_mime, media_name, media_url, media_sha256, edited, deleted, status, source, extra';
const WIDTH = COLUMNS.split(',').length;
/** Rows per multi-row INSERT (18 columns each, under SQLite's 32,766 parameters). */
const MULTI_ROW = 500;
const READ_BATCH = 2000;
const INDEX_ROW =
  'INSERT INTO messages_fts (rowid, text, tags) SELECT id, text, tags FROM messages WHERE id = ? AND text IS NOT NULL';
const INDEX_RANGE =
  'INSERT INTO messages_fts (rowid, text, tags) SELECT id, text, tags FROM messages WHERE id BETWEEN ? AND ? AND text IS NOT NULL';
const INDEX_VALUES = 'INSERT INTO messages_fts (rowid, text, tags) VALUES (?, ?, ?)';
const INDEX_ALL =
  'INSERT INTO messages_fts (rowid, text, tags) SELECT id, text, tags FROM messages WHERE text IS NOT NULL';
const INDEX_TRIGGER = `CREATE TRIGGER whatif_index AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, text, tags) SELECT new.id, new.text, new.tags WHERE new.text IS NOT NULL; END`;

/**
 * A fresh archive holding the instances, contacts and chats of `source` (no messages). The source
 * is detached again before anything is timed (an attached database changes how statements run).
 */
function emptyCopy(source: string, path: string): Store {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const store = Store.open(path);
  store.db.exec(`ATTACH DATABASE '${source.replace(/'/g, "''")}' AS src`);
  // An older schema indexed new rows by trigger: the experiments do the indexing themselves.
  store.db.exec('DROP TRIGGER IF EXISTS main.messages_ai');
  store.write(() => {
    store.db.exec('INSERT INTO instances SELECT * FROM src.instances');
    store.db.exec('INSERT INTO contacts SELECT * FROM src.contacts');
    store.db.exec('INSERT INTO contact_ids SELECT * FROM src.contact_ids');
    store.db.exec(
      `INSERT INTO chats (id, instance_id, wa_id, type, name, archived, contact_id, created_at)
       SELECT id, instance_id, wa_id, type, name, archived, contact_id, created_at FROM src.chats`,
    );
  });
  store.db.exec('DETACH DATABASE src');
  return store;
}

/** Calls `each` with the source rows in id order, READ_BATCH at a time (as arrays of column values). */
function forEachBatch(source: Database.Database, each: (rows: unknown[][]) => void): void {
  const select = source
    .prepare(`SELECT ${COLUMNS} FROM messages WHERE id > ? ORDER BY id LIMIT ${READ_BATCH}`)
    .raw();
  let after = -1;
  for (;;) {
    const rows = select.all(after) as unknown[][];
    if (rows.length === 0) return;
    each(rows);
    after = rows[rows.length - 1]![0] as number;
  }
}

type Strategy = (store: Store, source: Database.Database) => string | void;

const insertOne = (store: Store) =>
  store.db.prepare(
    `INSERT INTO messages (${COLUMNS}) VALUES (${Array.from({ length: WIDTH }, () => '?').join(', ')})
     ON CONFLICT (chat_id, wa_id) DO NOTHING`,
  );

/** The generated `tags` column of schema.sql, computed in JavaScript. */
const tagsOf = (row: unknown[]): string =>
  `c${row[1] as number} s${(row[4] as number | null) ?? 0}${row[6] === 'text' ? '' : ` t${row[6] as string}`}`;

const perRow =
  (index: 'row' | 'values' | 'none' | 'after'): Strategy =>
  (store, source) => {
    const insert = insertOne(store);
    const indexRow = store.db.prepare(INDEX_ROW);
    const indexValues = store.db.prepare(INDEX_VALUES);
    forEachBatch(source, (rows) => {
      for (const row of rows) {
        insert.run(...row);
        if (index === 'row') indexRow.run(row[0]);
        else if (index === 'values' && row[7] !== null) indexValues.run(row[0], row[7], tagsOf(row));
      }
    });
    if (index === 'after') {
      const started = performance.now();
      store.db.exec(INDEX_ALL);
      return `of which building the index after the rows: ${Math.round(performance.now() - started)} ms`;
    }
  };

const multiRow =
  (index: 'range' | 'trigger'): Strategy =>
  (store, source) => {
    if (index === 'trigger') store.db.exec(INDEX_TRIGGER);
    const row = `(${Array.from({ length: WIDTH }, () => '?').join(', ')})`;
    const statement = (n: number) =>
      store.db.prepare(
        `INSERT INTO messages (${COLUMNS}) VALUES ${Array.from({ length: n }, () => row).join(', ')}
         ON CONFLICT (chat_id, wa_id) DO NOTHING`,
      );
    const full = statement(MULTI_ROW);
    const indexRange = store.db.prepare(INDEX_RANGE);
    forEachBatch(source, (rows) => {
      for (let i = 0; i < rows.length; i += MULTI_ROW) {
        const part = rows.slice(i, i + MULTI_ROW);
        (part.length === MULTI_ROW ? full : statement(part.length)).run(...part.flat());
        if (index === 'range') indexRange.run(part[0]![0], part[part.length - 1]![0]);
      }
    });
  };

const perRowTrigger: Strategy = (store, source) => {
  store.db.exec(INDEX_TRIGGER);
  const insert = insertOne(store);
  forEachBatch(source, (rows) => {
    for (const row of rows) insert.run(...row);
  });
};

export const STRATEGIES: readonly { label: string; run: Strategy }[] = [
  {
    label: 'one INSERT + one FTS5 INSERT ... VALUES per message (the store since a84a434)',
    run: perRow('values'),
  },
  {
    label: 'one INSERT + one FTS5 INSERT ... SELECT per message (the store before a84a434)',
    run: perRow('row'),
  },
  { label: 'one INSERT per message, no full-text index (floor of per-row writes)', run: perRow('none') },
  { label: 'one INSERT per message, index built by one statement after the rows', run: perRow('after') },
  {
    label: `one multi-row INSERT + one FTS5 INSERT ... SELECT per ${MULTI_ROW} messages`,
    run: multiRow('range'),
  },
  {
    label: 'one INSERT per message, FTS5 insert in an insert trigger (the schema before 604597e)',
    run: perRowTrigger,
  },
];

/** The rows of the archive at `source`, written again in each way (one transaction each). */
export function insertStrategies(source: string, workDir: string, log: (line: string) => void): WhatIf[] {
  mkdirSync(workDir, { recursive: true });
  const results: WhatIf[] = [];
  for (const { label, run } of STRATEGIES) {
    log(`  what-if: ${label}…`);
    const path = join(workDir, 'whatif.db');
    const store = emptyCopy(source, path);
    const reader = new Database(source, { readonly: true });
    try {
      const messages = reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get()!.n;
      const cpu = process.cpuUsage();
      const started = performance.now();
      store.db.exec('BEGIN IMMEDIATE');
      const note = run(store, reader);
      store.db.exec('COMMIT');
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const stored = store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get()!.n;
      if (stored !== messages) throw new Error(`${label}: stored ${stored} of ${messages} messages`);
      results.push({
        label,
        wallMs,
        cpuMs,
        messages,
        messagesPerSecond: messages / (wallMs / 1000),
        messagesPerCpuSecond: messages / (cpuMs / 1000),
        ...(note ? { note } : {}),
      });
    } finally {
      reader.close();
      store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    }
  }
  return results;
}

/**
 * The real import (CLI) started with V8's old generation capped, so it runs in one process (no child
 * with a bounded heap): what the peak RSS is made of without the waiting parent.
 */
export async function importWithHeapCap(input: {
  file: string;
  root: string;
  workDir: string;
  me: string;
  timeZone: string;
  maxOldSpaceMb: number;
}): Promise<WhatIf> {
  mkdirSync(input.workDir, { recursive: true });
  const dbPath = join(input.workDir, 'heap-cap.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  try {
    const f = await measureImport({
      file: input.file,
      root: input.root,
      dbPath,
      me: input.me,
      timeZone: input.timeZone,
      nodeFlags: [`--max-old-space-size=${input.maxOldSpaceMb}`],
    });
    return {
      label: `the import (CLI) in one process, node --max-old-space-size=${input.maxOldSpaceMb}`,
      wallMs: f.wallMs,
      cpuMs: f.cpuMs,
      messages: f.messages,
      messagesPerSecond: f.messagesPerSecond,
      messagesPerCpuSecond: f.messagesPerCpuSecond,
      note: `peak RSS ${Math.round(f.peakRssMb)} MB`,
    };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  }
}
