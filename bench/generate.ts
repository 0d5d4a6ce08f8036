/**
 * Generates a realistic archive (1,000,000 messages by default) through the store's own code path
 * (repositories, triggers, time-ordered id allocation), deterministically from a seed, and caches it
 * under bench/data/ keyed by generator version, size, seed and schema. The store is left as the writes
 * leave it (no FTS5 optimize, no VACUUM): the state an archive is in after a big import or sync.
 *
 *   tsx bench/generate.ts [--messages N] [--seed S] [--force]
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Store } from '../src/store/index.js';
import type { NewMessage } from '../src/store/types.js';
import { chatMessages, SPAN_END } from './lib/conversation.js';
import { planPopulation } from './lib/population.js';
import { createRng, hash32 } from './lib/rng.js';

/** Bump when the generated data changes, so cached stores are rebuilt. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = 20_250_301;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = join(ROOT, 'bench', 'data');
const BATCH = 5000;

export interface ArchiveMeta {
  generatorVersion: number;
  seed: number;
  path: string;
  messages: number;
  chats: number;
  groups: number;
  contacts: number;
  /** Time the benchmark treats as "now" (a day after the newest message). */
  now: number;
  generatedAt: string;
  generateMs: number;
  /** Time spent in store writes (repositories, triggers, FTS), without text generation. */
  writeMs: number;
  messagesPerSecond: number;
  /** CPU time of the generating process (user + system): on a busy machine wall time exceeds it. */
  cpuMs?: number;
  /** File size after a checkpoint. */
  bytes: number;
  busiestChat: { id: number; waId: string; name: string | null; messages: number };
  busiestGroup: { id: number; waId: string; name: string | null; messages: number };
  historyContact: { id: number; phone: string; name: string | null; messages: number };
}

/** The schema's statements without comments and spacing: an edited comment keeps the cache. */
function schemaKey(): string {
  const sql = readFileSync(join(ROOT, 'schema.sql'), 'utf8').replace(/--.*$/gm, '').replace(/\s+/g, ' ');
  return createHash('sha256').update(sql).digest('hex').slice(0, 8);
}

export function archivePath(messages: number, seed = DEFAULT_SEED): string {
  return join(DATA_DIR, `archive-g${GENERATOR_VERSION}-n${messages}-s${seed}-${schemaKey()}.db`);
}

/** Bytes the database uses: pages in use after a checkpoint (free pages excluded). */
export function usedBytes(store: Store): number {
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = store.db.pragma('page_count', { simple: true }) as number;
  const free = store.db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * (store.db.pragma('page_size', { simple: true }) as number);
}

type Log = (line: string) => void;

/** The cached archive for these options, generated first when missing. */
export function ensureArchive(options: { messages: number; seed?: number; force?: boolean; log?: Log }): {
  meta: ArchiveMeta;
  cached: boolean;
} {
  const seed = options.seed ?? DEFAULT_SEED;
  const path = archivePath(options.messages, seed);
  const metaPath = `${path}.json`;
  if (!options.force && existsSync(path) && existsSync(metaPath)) {
    return { meta: JSON.parse(readFileSync(metaPath, 'utf8')) as ArchiveMeta, cached: true };
  }
  const meta = generateArchive(path, options.messages, seed, options.log ?? (() => undefined));
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  // Stores of the same size and seed from older generators or schemas are stale: drop them.
  const stem = `-n${options.messages}-s${seed}-`;
  for (const file of readdirSync(DATA_DIR)) {
    if (file.includes(stem) && !join(DATA_DIR, file).startsWith(path))
      rmSync(join(DATA_DIR, file), { force: true });
  }
  return { meta, cached: false };
}

function generateArchive(path: string, total: number, seed: number, log: Log): ArchiveMeta {
  mkdirSync(DATA_DIR, { recursive: true });
  const tmp = `${path}.tmp`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const store = Store.open(tmp);
  const rng = createRng(seed);
  const population = planPopulation(rng.fork('population'), total);
  const instanceId = store.instances.ensure('greenapi', '1101000001', 'BMA Refrigeração');
  store.instances.update(instanceId, { wid: population.ownWid, state: 'authorized' });

  // Contacts and chats, as a full sync would create them.
  const chatIds: number[] = [];
  const contactIds = new Map<number, number>();
  store.write(() => {
    store.contacts.upsert({
      instanceId,
      waIds: [population.ownWid],
      phone: population.ownPhone,
      savedName: 'BMA Refrigeração',
      isMe: true,
    });
    for (const p of population.people) {
      contactIds.set(
        p.index,
        store.contacts.upsert({
          instanceId,
          waIds: p.waIds,
          phone: p.phone,
          savedName: p.savedName,
          pushName: p.pushName,
        }),
      );
    }
    for (const chat of population.chats) {
      const contactId = chat.person ? contactIds.get(chat.person.index)! : null;
      chatIds.push(
        store.chats.upsert({ instanceId, waId: chat.waId, type: chat.type, name: chat.name, contactId }),
      );
    }
  });

  // Messages: each chat's history in time order, written in transactions of about BATCH messages.
  let writeMs = 0;
  let written = 0;
  let lastLog = performance.now();
  let pending: { chatId: number; messages: NewMessage[] }[] = [];
  let pendingCount = 0;
  const flush = () => {
    const t = performance.now();
    store.write(() => {
      for (const p of pending) store.messages.save(instanceId, p.chatId, p.messages);
    });
    writeMs += performance.now() - t;
    written += pendingCount;
    pending = [];
    pendingCount = 0;
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      const rate = Math.round(written / ((lastLog - started) / 1000));
      log(
        `  generated ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} messages (${rate.toLocaleString('en-US')}/s)`,
      );
    }
  };
  for (const chat of population.chats) {
    const messages = chatMessages(createRng(hash32(`chat:${chat.index}`) ^ seed), chat, population.ownWid);
    for (let i = 0; i < messages.length; i += BATCH) {
      const part = messages.slice(i, i + BATCH);
      pending.push({ chatId: chatIds[chat.index]!, messages: part });
      pendingCount += part.length;
      if (pendingCount >= BATCH) flush();
    }
  }
  if (pendingCount > 0) flush();
  const generateMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);

  store.db.pragma('wal_checkpoint(TRUNCATE)');

  const facts = archiveFacts(store, chatIds[0]!, contactIds.get(0)!);
  store.close();
  renameSync(tmp, path);
  return {
    generatorVersion: GENERATOR_VERSION,
    seed,
    path,
    messages: written,
    chats: population.chats.length,
    groups: population.chats.filter((c) => c.type === 'group').length,
    contacts: population.people.length + 1,
    now: SPAN_END + 86_400,
    generatedAt: new Date().toISOString(),
    generateMs: Math.round(generateMs),
    writeMs: Math.round(writeMs),
    messagesPerSecond: Math.round(written / (generateMs / 1000)),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    bytes: statSync(path).size,
    ...facts,
  };
}

function archiveFacts(
  store: Store,
  privateId: number,
  contactId: number,
): Pick<ArchiveMeta, 'busiestChat' | 'busiestGroup' | 'historyContact'> {
  const busiest = (type: string) => {
    const c = store.db
      .prepare<[string], { id: number; wa_id: string; name: string | null; message_count: number }>(
        'SELECT id, wa_id, name, message_count FROM chats WHERE type = ? ORDER BY message_count DESC LIMIT 1',
      )
      .get(type)!;
    return { id: c.id, waId: c.wa_id, name: c.name, messages: c.message_count };
  };
  const contact = store.contacts.get(contactId)!;
  const messages = store.db
    .prepare<[number, number], { n: number }>(
      'SELECT count(*) AS n FROM messages WHERE chat_id = ? OR sender_id = ?',
    )
    .get(privateId, contactId)!.n;
  return {
    busiestChat: busiest('private'),
    busiestGroup: busiest('group'),
    historyContact: {
      id: contactId,
      phone: contact.phone!,
      name: contact.saved_name ?? contact.push_name,
      messages,
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { messages: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
  });
  const messages = Number(values.messages ?? 1_000_000);
  const { meta, cached } = ensureArchive({
    messages,
    seed: values.seed === undefined ? DEFAULT_SEED : Number(values.seed),
    force: values.force === true,
    log: (line) => console.error(line),
  });
  console.log(cached ? `cached: ${meta.path}` : `generated ${meta.path}`);
  console.log(JSON.stringify(meta, null, 2));
}
