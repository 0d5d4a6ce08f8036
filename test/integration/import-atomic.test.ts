/**
 * A file that fails mid-import leaves nothing behind (messages, chat, contacts, media rows and
 * files), says which file, line and why, is recorded as failed, does not stop the other files of the
 * call, and imports once fixed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connected } from '../helpers/client.js';
import { ok } from '../helpers/client.js';
import {
  androidExport,
  androidLine,
  CARLA_MEDIA,
  CARLA_TEXT,
  CARLA_ZIP_NAME,
  carlaZipEntries,
  countRows,
  importEnv,
  sha256,
  storedMessages,
  type ImportEnv,
  type ImportResult,
} from '../helpers/import.js';

let env: ImportEnv;
let mcp: Connected;

beforeEach(async () => {
  env = importEnv('wa-import-atomic-');
  mcp = await env.connect();
});
afterEach(async () => {
  await mcp.close();
  env.close();
});

const importPaths = async (paths: string[]): Promise<ImportResult> =>
  ok<ImportResult>(await mcp.call('import_chat_export', { paths, timezone: 'America/Sao_Paulo' }));

function goodExport(name: string, author: string): string {
  return env.write(
    name,
    androidExport([
      androidLine('01/06/2025 10:00', author, `Olá, aqui é ${author}`),
      androidLine('01/06/2025 10:01', 'Loja BMA', 'Olá! Em que posso ajudar?'),
    ]),
  );
}

/** Chats, contacts and messages of a chat named `name`. */
function traces(name: string): { chats: number; contacts: number; messages: number } {
  const q = (sql: string) => env.store.db.prepare<{ name: string }, { n: number }>(sql).get({ name })!.n;
  return {
    chats: q('SELECT count(*) AS n FROM chats WHERE name = @name'),
    contacts: q('SELECT count(*) AS n FROM contacts WHERE saved_name = @name OR push_name = @name'),
    messages: q('SELECT count(*) AS n FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.name = @name'),
  };
}

describe('a file that fails mid-import', () => {
  it('leaves nothing of itself, names file, line and reason, and the other files import', async () => {
    const before = goodExport('a/WhatsApp Chat with Ana Souza.txt', 'Ana Souza');
    // The PDF is the second media file: the photo is already stored when the PDF breaks.
    const broken = env.zip(`b/${CARLA_ZIP_NAME}`, [
      carlaZipEntries()[0]!,
      { name: CARLA_MEDIA.photo.name, data: CARLA_MEDIA.photo.data },
      { name: CARLA_MEDIA.pdf.name, data: CARLA_MEDIA.pdf.data, corrupt: true },
    ]);
    const after = goodExport('c/WhatsApp Chat with Bruno Reis.txt', 'Bruno Reis');

    const result = await importPaths([before, broken, after]);
    expect(result.files.map((f) => [f.file_name, f.status])).toEqual([
      ['WhatsApp Chat with Ana Souza.txt', 'imported'],
      [CARLA_ZIP_NAME, 'failed'],
      ['WhatsApp Chat with Bruno Reis.txt', 'imported'],
    ]);
    expect(result.totals).toMatchObject({ files: 3, failed: 1, inserted: 4 });
    const failed = result.files[1]!;
    // Line 10: the PDF's message (the bodies before it span lines 3-7 and 8-9).
    expect(failed.error).toMatch(
      new RegExp(`^${CARLA_ZIP_NAME}, line 10: cannot read the media file "${CARLA_MEDIA.pdf.name}": .+`),
    );
    expect(CARLA_TEXT.split('\n')[9]).toContain(CARLA_MEDIA.pdf.name);
    expect(failed).toMatchObject({ inserted: 0, chat: { name: 'Carla Mendes' } });

    // Nothing of the failed file: no chat, contact, message, media row or media file.
    expect(traces('Carla Mendes')).toEqual({ chats: 0, contacts: 0, messages: 0 });
    expect(countRows(env.store, 'media_files')).toBe(0);
    const stored = existsSync(env.mediaDir)
      ? readdirSync(env.mediaDir, { recursive: true }).filter((f) => String(f).length > 10)
      : [];
    expect(stored).toEqual([]);
    expect(countRows(env.store, 'messages')).toBe(4);

    // A failed row is recorded with the error.
    const textSha = sha256(CARLA_TEXT);
    expect(env.store.imports.bySha256(textSha)).toMatchObject({
      status: 'failed',
      chat_id: null,
      file_name: CARLA_ZIP_NAME,
      error: failed.error,
      inserted: 0,
    });

    // Fixed (same chat text, sound media): the import goes through and replaces the failed row.
    env.zip(`b/${CARLA_ZIP_NAME}`, carlaZipEntries());
    const retry = await importPaths([broken]);
    expect(retry.files[0]).toMatchObject({ status: 'imported', inserted: 9, media_stored: 2, error: null });
    expect(env.store.imports.bySha256(textSha)).toMatchObject({
      status: 'imported',
      error: null,
      inserted: 9,
    });
    expect(countRows(env.store, 'import_files')).toBe(3);
    expect(traces('Carla Mendes')).toMatchObject({ chats: 1, messages: 9 });
  });

  it('rolls back a file whose message the store refuses, and points at that message', async () => {
    const lines = [
      androidLine('01/06/2025 10:00', 'Diego Lima', 'Bom dia'),
      androidLine('01/06/2025 10:01', 'Loja BMA', 'Bom dia, Diego'),
      // 1965: before the Unix epoch, a time the archive cannot hold.
      androidLine('01/06/1965 10:02', 'Diego Lima', 'mensagem com data impossível'),
      ...Array.from({ length: 20 }, (_, i) => androidLine('01/06/2025 10:03', 'Diego Lima', `linha ${i}`)),
    ];
    const bad = env.write('WhatsApp Chat with Diego Lima.txt', androidExport(lines));
    const good = goodExport('WhatsApp Chat with Elisa Prado.txt', 'Elisa Prado');
    const result = await importPaths([bad, good]);
    expect(result.files.map((f) => f.status)).toEqual(['failed', 'imported']);
    expect(result.files[0]!.error).toBe(
      `WhatsApp Chat with Diego Lima.txt, line 3: message time ${Date.parse('1965-06-01T13:02:00Z') / 1000} is out of range`,
    );
    expect(traces('Diego Lima')).toEqual({ chats: 0, contacts: 0, messages: 0 });
    expect(storedMessages(env.store).map((m) => m.sender_name)).toEqual(['Elisa Prado', 'Loja BMA']);
    expect(env.store.imports.bySha256(sha256(androidExport(lines)))).toMatchObject({ status: 'failed' });

    // Fixed: the year corrected, the same file imports.
    env.write('WhatsApp Chat with Diego Lima.txt', androidExport(lines).replace('01/06/1965', '01/06/2025'));
    const retry = await importPaths([bad]);
    expect(retry.files[0]).toMatchObject({ status: 'imported', inserted: 23 });
  });

  it('a dry run of a broken zip reports the file without recording anything', async () => {
    const broken = env.zip(CARLA_ZIP_NAME, carlaZipEntries({ corruptPhoto: true }));
    const result = ok<ImportResult>(
      await mcp.call('import_chat_export', { paths: [broken], timezone: 'America/Sao_Paulo', dry_run: true }),
    );
    // Media are not read in a dry run: the text is sound, so the plan is reported.
    expect(result.files[0]).toMatchObject({ status: 'dry_run', messages: 9 });
    expect(countRows(env.store, 'import_files')).toBe(0);
  });
});
