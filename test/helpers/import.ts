/**
 * Shared setup of the export-import integration tests: a temporary import root with a store beside
 * it, export files and zips written to disk, the MCP server over an in-memory transport, the CLI in a
 * child process, and compact views of what the store holds.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import type { FileReport } from '../../src/importers/import.js';
import { Store } from '../../src/store/index.js';
import type { NewMessage } from '../../src/store/types.js';
import type { Deps } from '../../src/tools/deps.js';
import { connect, type Connected } from './client.js';
import { NOW } from './corpus.js';
import { tempDir } from './tmp.js';

export const CLI = join(import.meta.dirname, '../../dist/cli.js');

/** A temporary archive: `<dir>/archive.db`, media in `<dir>/media`, exports under `<dir>/exports` (the root). */
export interface ImportEnv {
  dir: string;
  root: string;
  dbPath: string;
  mediaDir: string;
  store: Store;
  deps: Deps;
  /** Writes a file under the import root (folders created) and returns its absolute path. */
  write: (name: string, content: string | Buffer) => string;
  /** Writes a zip under the import root and returns its path. */
  zip: (name: string, entries: ZipEntry[]) => string;
  connect: () => Promise<Connected>;
  close: () => void;
}

/** The configured zone is UTC, so a test that expects São Paulo times proves the `timezone` argument works. */
export function importEnv(prefix = 'wa-import-', options: { timeZone?: string } = {}): ImportEnv {
  const tmp = tempDir(prefix);
  // The roots are compared after resolving symlinks (macOS /tmp is one).
  const dir = realpathSync(tmp.dir);
  const root = join(dir, 'exports');
  mkdirSync(root);
  const dbPath = join(dir, 'archive.db');
  const store = Store.open(dbPath);
  const config = loadConfig({
    env: {
      WA_ARCHIVE_DB: dbPath,
      WA_ARCHIVE_TIMEZONE: options.timeZone ?? 'UTC',
      WA_ARCHIVE_IMPORT_ROOTS: root,
      LOG_LEVEL: 'silent',
    },
    cwd: dir,
  });
  const deps: Deps = {
    store,
    config,
    logger: silentLogger(),
    now: () => NOW,
    greenApi: (): never => {
      throw new Error('the Green API is not available in these tests');
    },
  };
  const write = (name: string, content: string | Buffer): string => {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  return {
    dir,
    root,
    dbPath,
    mediaDir: join(dir, 'media'),
    store,
    deps,
    write,
    zip: (name, entries) => write(name, makeZip(entries)),
    connect: async () => {
      const session = await connect(deps);
      // A client lists the tools before calling one.
      const { tools } = await session.client.listTools();
      if (!tools.some((t) => t.name === 'import_chat_export'))
        throw new Error('the server does not list import_chat_export');
      return session;
    },
    close: () => {
      store.close();
      tmp.cleanup();
    },
  };
}

export interface ZipEntry {
  name: string;
  data: string | Buffer;
  /** Stored as a deflate stream that cannot be inflated (a damaged download). */
  corrupt?: boolean;
}

/** A minimal zip writer (deflated entries, UTF-8 names): enough for exports with media. */
export function makeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const compressed = entry.corrupt
      ? Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), data])
      : deflateRawSync(data);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** One Android line: `dd/mm/yyyy hh:mm - Author: body` (author null: a system line). */
export function androidLine(date: string, author: string | null, body: string): string {
  return author === null ? `${date} - ${body}` : `${date} - ${author}: ${body}`;
}

/** An Android export text from lines (LF, trailing newline, as Android writes it). */
export function androidExport(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm test` builds dist first) with the archive and roots of `env`. */
export function runCli(
  env: ImportEnv,
  args: readonly string[],
  extraEnv: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: env.dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: env.dir,
        TZ: 'UTC',
        WA_ARCHIVE_DB: env.dbPath,
        WA_ARCHIVE_IMPORT_ROOTS: env.root,
        WA_ARCHIVE_TIMEZONE: 'UTC',
        LOG_LEVEL: 'silent',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A stored message as the import tests compare it. */
export interface StoredMessage {
  id: number;
  wa_id: string;
  ts: number;
  direction: string;
  sender_name: string | null;
  sender_wa_id: string | null;
  type: string;
  text: string | null;
  media_name: string | null;
  media_sha256: string | null;
  edited: number;
  deleted: number;
  source: string;
  chat_id: number;
}

/** Messages of a chat (all chats when omitted) in time order. */
export function storedMessages(store: Store, chatId?: number): StoredMessage[] {
  return store.db
    .prepare<unknown[], StoredMessage>(
      `SELECT m.id, m.wa_id, m.ts, m.direction, m.sender_name,
         (SELECT min(i.wa_id) FROM contact_ids i WHERE i.contact_id = m.sender_id) AS sender_wa_id,
         m.type, m.text, m.media_name, m.media_sha256, m.edited, m.deleted, m.source, m.chat_id
       FROM messages m ${chatId === undefined ? '' : 'WHERE m.chat_id = ?'} ORDER BY m.id`,
    )
    .all(...(chatId === undefined ? [] : [chatId]));
}

export function countRows(store: Store, table: string): number {
  return store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
}

/** One file of an import_chat_export result (times as ISO strings). */
export type FileResult = Omit<FileReport, 'first_time' | 'last_time'> & {
  first_time: string | null;
  last_time: string | null;
};

/** The structured result of import_chat_export (and of `wa-archive import --json`). */
export interface ImportResult {
  files: FileResult[];
  skipped: { path: string; reason: string }[];
  totals: { files: number; messages: number; inserted: number; failed: number };
}

const LRM = '\u200e';

/** Media bytes of the Carla export (a fake JPEG and a fake PDF). */
export const CARLA_MEDIA = {
  photo: {
    name: 'IMG-20250303-WA0007.jpg',
    data: Buffer.from('\xff\xd8\xff\xe0 compressor photo', 'latin1'),
  },
  pdf: { name: 'Orçamento OS 30415.pdf', data: Buffer.from('%PDF-1.4 orçamento 30415\n', 'utf8') },
};

/**
 * A pt-BR Android export of a private chat between the business ("Loja BMA", the exporter) and a
 * customer: encryption notice, multi-line body with a blank line, media with and without caption,
 * omitted media, a deleted and an edited message, and a date past the 12th (day first).
 */
export const CARLA_TEXT = androidExport([
  androidLine(
    '03/03/2025 19:40',
    null,
    'As mensagens e ligações são protegidas com a criptografia de ponta a ponta. Somente as pessoas que fazem parte da conversa podem ler, ouvir e compartilhar esse conteúdo. Saiba mais',
  ),
  androidLine('03/03/2025 19:41', 'Carla Mendes', 'Bom dia! Gostaria de um orçamento para a câmara fria.'),
  androidLine(
    '03/03/2025 19:42',
    'Loja BMA',
    'Bom dia, Carla.\nSegue o orçamento:\n\n- limpeza R$ 250\n- termostato R$ 180',
  ),
  androidLine(
    '03/03/2025 19:44',
    'Carla Mendes',
    `${LRM}IMG-20250303-WA0007.jpg (arquivo anexado)\nfoto do compressor`,
  ),
  androidLine('03/03/2025 19:45', 'Loja BMA', `${LRM}Orçamento OS 30415.pdf (arquivo anexado)`),
  androidLine('03/03/2025 19:46', 'Carla Mendes', '<Mídia oculta>'),
  androidLine('04/03/2025 08:05', 'Carla Mendes', 'Mensagem apagada'),
  androidLine('04/03/2025 08:07', 'Loja BMA', 'O técnico chega às 10h <Mensagem editada>'),
  androidLine('13/03/2025 17:30', 'Carla Mendes', 'Obrigada! 👍'),
]);

export const CARLA_ZIP_NAME = 'Conversa do WhatsApp com Carla Mendes.zip';

export function carlaZipEntries(options: { corruptPhoto?: boolean } = {}): ZipEntry[] {
  return [
    { name: 'Conversa do WhatsApp com Carla Mendes.txt', data: CARLA_TEXT },
    { name: CARLA_MEDIA.photo.name, data: CARLA_MEDIA.photo.data, corrupt: options.corruptPhoto === true },
    { name: CARLA_MEDIA.pdf.name, data: CARLA_MEDIA.pdf.data },
  ];
}

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** What the Carla export must become in São Paulo time (UTC-3), exporter "Loja BMA" outgoing. */
export function carlaExpected(): Omit<StoredMessage, 'id' | 'wa_id' | 'chat_id' | 'sender_wa_id'>[] {
  const row = (
    time: string,
    direction: string,
    sender: string | null,
    type: string,
    text: string | null,
    extra: Partial<StoredMessage> = {},
  ) => ({
    ts: Date.parse(`${time}-03:00`) / 1000,
    direction,
    sender_name: sender,
    type,
    text,
    media_name: null,
    media_sha256: null,
    edited: 0,
    deleted: 0,
    source: 'export',
    ...extra,
  });
  return [
    row(
      '2025-03-03T19:40:00',
      'system',
      null,
      'system',
      'As mensagens e ligações são protegidas com a criptografia de ponta a ponta. Somente as pessoas que fazem parte da conversa podem ler, ouvir e compartilhar esse conteúdo. Saiba mais',
    ),
    row(
      '2025-03-03T19:41:00',
      'in',
      'Carla Mendes',
      'text',
      'Bom dia! Gostaria de um orçamento para a câmara fria.',
    ),
    row(
      '2025-03-03T19:42:00',
      'out',
      'Loja BMA',
      'text',
      'Bom dia, Carla.\nSegue o orçamento:\n\n- limpeza R$ 250\n- termostato R$ 180',
    ),
    row('2025-03-03T19:44:00', 'in', 'Carla Mendes', 'image', 'foto do compressor', {
      media_name: CARLA_MEDIA.photo.name,
      media_sha256: sha256(CARLA_MEDIA.photo.data),
    }),
    row('2025-03-03T19:45:00', 'out', 'Loja BMA', 'document', CARLA_MEDIA.pdf.name, {
      media_name: CARLA_MEDIA.pdf.name,
      media_sha256: sha256(CARLA_MEDIA.pdf.data),
    }),
    row('2025-03-03T19:46:00', 'in', 'Carla Mendes', 'unknown', null),
    row('2025-03-04T08:05:00', 'in', 'Carla Mendes', 'deleted', null, { deleted: 1 }),
    row('2025-03-04T08:07:00', 'out', 'Loja BMA', 'text', 'O técnico chega às 10h', { edited: 1 }),
    row('2025-03-13T17:30:00', 'in', 'Carla Mendes', 'text', 'Obrigada! 👍'),
  ];
}

/** The stored messages without the ids the store assigns. */
export function withoutIds(rows: readonly StoredMessage[]) {
  return rows.map(({ id: _id, wa_id: _wa, chat_id: _chat, sender_wa_id: _sender, ...rest }) => rest);
}

/** The synced (Green API) side of the merge tests: the business number and a customer. */
export const LOJA = { externalId: '1101000001', name: 'Loja Centro', wid: '5531900000001@c.us' };
export const JOAO = {
  waId: '5531998765432@c.us',
  phone: '+5531998765432',
  shown: '+55 31 99876-5432',
  name: 'João Silva',
};

export interface ApiSeed {
  /** Wall-clock time in São Paulo, `2025-05-10T09:15:23`. */
  time: string;
  direction: 'in' | 'out';
  text: string | null;
  type?: NewMessage['type'];
  mediaName?: string;
  deleted?: boolean;
  /** Sender in a group (default: the customer for incoming, the business for outgoing). */
  sender?: string;
}

/**
 * A Green API instance with a chat (private with João unless `chat` says otherwise) holding
 * `messages` as synced from the API (ids `API-<n>`, status and payload kept).
 */
export function seedApiChat(
  store: Store,
  messages: readonly ApiSeed[],
  chat: { waId: string; type: 'private' | 'group'; name: string } = {
    waId: JOAO.waId,
    type: 'private',
    name: JOAO.name,
  },
): { instanceId: number; chatId: number; contactId: number | null } {
  return store.write(() => {
    const instanceId = store.instances.ensure('greenapi', LOJA.externalId, LOJA.name);
    store.instances.update(instanceId, { wid: LOJA.wid });
    store.contacts.upsert({ instanceId, waIds: [LOJA.wid], savedName: LOJA.name, isMe: true });
    const contactId =
      chat.type === 'private'
        ? store.contacts.upsert({
            instanceId,
            waIds: [chat.waId],
            savedName: chat.name,
            pushName: chat.name.split(' ')[0],
          })
        : null;
    const chatId = store.chats.upsert({
      instanceId,
      waId: chat.waId,
      type: chat.type,
      name: chat.name,
      contactId,
    });
    store.messages.save(
      instanceId,
      chatId,
      messages.map((m, i) => ({
        waId: `API-${chatId}-${i}`,
        ts: Date.parse(`${m.time}-03:00`) / 1000,
        direction: m.direction,
        senderWaId: m.sender ?? (m.direction === 'out' ? LOJA.wid : chat.waId),
        senderName: m.direction === 'out' ? LOJA.name : null,
        type: m.type ?? 'text',
        text: m.text,
        mediaName: m.mediaName ?? null,
        mediaMime: m.mediaName ? 'application/octet-stream' : null,
        mediaUrl: m.mediaName ? `https://media.example/${i}` : null,
        deleted: m.deleted ?? false,
        status: m.direction === 'out' ? 'read' : null,
        source: 'api',
        extra: { idMessage: `API-${chatId}-${i}`, typeMessage: 'textMessage' },
      })),
    );
    return { instanceId, chatId, contactId };
  });
}

/** All columns of a stored message (to prove an API copy was left untouched). */
export function rawMessages(store: Store, chatId: number): Record<string, unknown>[] {
  return store.db.prepare('SELECT * FROM messages WHERE chat_id = ? ORDER BY id').all(chatId) as Record<
    string,
    unknown
  >[];
}
