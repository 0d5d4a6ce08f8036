/** Store size per message, and which tables and indexes the bytes go to (dbstat). */
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../src/store/db.js';
import { Store } from '../src/store/index.js';

export interface SizeFigure {
  fileBytes: number;
  messages: number;
  bytesPerMessage: number;
  /** Bytes per object group (messages table, its indexes, full-text index, the rest). */
  parts: { name: string; bytes: number; bytesPerMessage: number }[];
  /** Average stored lengths, to read the figures against. */
  averages: { textChars: number; waIdChars: number; extraChars: number; textShare: number };
  /** The same store after `wa-archive compact` (on a throw-away copy). */
  compacted: { fileBytes: number; bytesPerMessage: number; indexMs: number; fileMs: number };
}

const GROUPS: [string, (name: string) => boolean][] = [
  ['messages (table)', (n) => n === 'messages'],
  [
    'messages indexes',
    (n) =>
      (n.startsWith('messages_') && !n.startsWith('messages_fts')) ||
      n.startsWith('sqlite_autoindex_messages'),
  ],
  ['full-text index', (n) => n.startsWith('messages_fts')],
];

export function measureSize(db: Db, path: string): SizeFigure {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const fileBytes = statSync(path).size;
  const messages = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get()!.n;
  const rows = db
    .prepare<[], { name: string; bytes: number }>(
      'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name',
    )
    .all();
  const parts = new Map<string, number>();
  for (const r of rows) {
    const group = GROUPS.find(([, test]) => test(r.name))?.[0] ?? 'everything else';
    parts.set(group, (parts.get(group) ?? 0) + r.bytes);
  }
  const detail = rows
    .filter((r) => r.name.startsWith('messages') || r.name.startsWith('sqlite_autoindex_messages'))
    .sort((a, b) => b.bytes - a.bytes);
  const avg = db
    .prepare<[], { text: number; wa: number; extra: number; withText: number }>(
      "SELECT avg(length(coalesce(text, ''))) AS text, avg(length(wa_id)) AS wa, avg(length(coalesce(extra, ''))) AS extra, avg(text IS NOT NULL) AS withText FROM messages",
    )
    .get()!;
  const per = (bytes: number) => perMessage(bytes, messages);
  return {
    fileBytes,
    messages,
    bytesPerMessage: per(fileBytes),
    parts: [
      ...[...parts.entries()].map(([name, bytes]) => ({ name, bytes, bytesPerMessage: per(bytes) })),
      ...detail.map((r) => ({ name: `  ${r.name}`, bytes: r.bytes, bytesPerMessage: per(r.bytes) })),
    ],
    compacted: measureCompacted(path, messages),
    averages: {
      textChars: Math.round(avg.text * 10) / 10,
      waIdChars: Math.round(avg.wa * 10) / 10,
      extraChars: Math.round(avg.extra * 10) / 10,
      textShare: Math.round(avg.withText * 1000) / 1000,
    },
  };
}

/** Bytes per message, to one decimal. */
function perMessage(bytes: number, messages: number): number {
  return Math.round((bytes / messages) * 10) / 10;
}

function measureCompacted(path: string, messages: number): SizeFigure['compacted'] {
  const copy = join(tmpdir(), `wa-archive-compact-${process.pid}.db`);
  copyFileSync(path, copy);
  const store = Store.open(copy);
  try {
    const result = store.compactor.compact();
    return {
      fileBytes: result.bytesAfter,
      bytesPerMessage: perMessage(result.bytesAfter, messages),
      indexMs: Math.round(result.indexMs),
      fileMs: Math.round(result.fileMs),
    };
  } finally {
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
  }
}
