/**
 * import_chat_export through a real MCP client: dry run, a zip with media stored by sha256, São Paulo
 * times, exporter inferred or given, progress notifications, business file names and import roots.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connected } from '../helpers/client.js';
import { failure, ok, textOf } from '../helpers/client.js';
import {
  CARLA_MEDIA,
  CARLA_ZIP_NAME,
  carlaExpected,
  carlaZipEntries,
  countRows,
  importEnv,
  sha256,
  storedMessages,
  withoutIds,
  type ImportEnv,
  type ImportResult,
} from '../helpers/import.js';

let env: ImportEnv;
let mcp: Connected;

beforeEach(async () => {
  env = importEnv('wa-import-mcp-');
  mcp = await env.connect();
});
afterEach(async () => {
  await mcp.close();
  env.close();
});

const importTool = async (args: Record<string, unknown>): Promise<ImportResult> =>
  ok<ImportResult>(await mcp.call('import_chat_export', args));

describe('import_chat_export over MCP', () => {
  it('dry run reports format, date order, chat, count and range, and writes nothing', async () => {
    const zip = env.zip(CARLA_ZIP_NAME, carlaZipEntries());
    const result = await importTool({ paths: [zip], timezone: 'America/Sao_Paulo', dry_run: true });
    expect(result.totals).toEqual({ files: 1, messages: 9, inserted: 0, failed: 0 });
    expect(result.files[0]).toMatchObject({
      path: zip,
      file_name: CARLA_ZIP_NAME,
      status: 'dry_run',
      format: 'android',
      date_order: 'dmy',
      timezone: 'America/Sao_Paulo',
      chat: { chat_id: null, name: 'Carla Mendes', type: 'private', joined: null },
      me: { author: 'Loja BMA', how: 'inferred' },
      messages: 9,
      inserted: 0,
      // Rendered in the configured zone (UTC here): 19:40 in São Paulo is 22:40Z.
      first_time: '2025-03-03T22:40:00Z',
      last_time: '2025-03-13T20:30:00Z',
      error: null,
    });
    for (const table of ['instances', 'contacts', 'chats', 'messages', 'import_files', 'media_files'])
      expect([table, countRows(env.store, table)]).toEqual([table, 0]);
    expect(existsSync(env.mediaDir)).toBe(false);
  });

  it('imports a zip: times in the given zone, authors, directions, types, media by sha256', async () => {
    const zip = env.zip(CARLA_ZIP_NAME, carlaZipEntries());
    const result = await importTool({ paths: [zip], timezone: 'America/Sao_Paulo' });
    const file = result.files[0]!;
    expect(file).toMatchObject({
      status: 'imported',
      chat: { name: 'Carla Mendes', type: 'private', joined: null },
      me: { author: 'Loja BMA', how: 'inferred' },
      messages: 9,
      inserted: 9,
      duplicates: 0,
      matched_synced: 0,
      media_stored: 2,
      error: null,
    });
    const chatId = file.chat.chat_id!;
    const rows = storedMessages(env.store, chatId);
    expect(withoutIds(rows)).toEqual(carlaExpected());
    // The customer's messages belong to the chat's counterpart; the exporter's to "me".
    const carla = rows.filter((r) => r.sender_name === 'Carla Mendes').map((r) => r.sender_wa_id);
    expect(new Set(carla).size).toBe(1);
    const chat = env.store.chats.get(chatId)!;
    expect(chat.contact_id).not.toBeNull();
    expect(env.store.contacts.waIds(chat.contact_id!)).toEqual([carla[0]]);
    expect(rows.filter((r) => r.direction === 'out').every((r) => r.sender_wa_id === 'export:me')).toBe(true);

    // Media files: content-addressed under <db dir>/media and recorded.
    for (const media of [CARLA_MEDIA.photo, CARLA_MEDIA.pdf]) {
      const hash = sha256(media.data);
      expect(readFileSync(join(env.mediaDir, hash.slice(0, 2), hash))).toEqual(media.data);
    }
    expect(
      env.store.db.prepare('SELECT sha256, size, mime, file_name FROM media_files ORDER BY file_name').all(),
    ).toEqual([
      {
        sha256: sha256(CARLA_MEDIA.photo.data),
        size: CARLA_MEDIA.photo.data.length,
        mime: 'image/jpeg',
        file_name: CARLA_MEDIA.photo.name,
      },
      {
        sha256: sha256(CARLA_MEDIA.pdf.data),
        size: CARLA_MEDIA.pdf.data.length,
        mime: 'application/pdf',
        file_name: CARLA_MEDIA.pdf.name,
      },
    ]);

    // Searchable at once (FTS kept by triggers), accent-insensitive.
    const found = ok<{ hits: { message_id: number; snippet: string }[] }>(
      await mcp.call('search_messages', { query: 'orcamento camara' }),
    );
    expect(found.hits.map((h) => h.message_id)).toEqual([rows[1]!.id]);
    expect(found.hits[0]!.snippet).toContain('**orçamento**');

    // The import is recorded with what was detected.
    expect(env.store.imports.bySha256(sha256(carlaZipEntries()[0]!.data))).toMatchObject({
      file_name: CARLA_ZIP_NAME,
      chat_id: chatId,
      format: 'android',
      date_order: 'dmy',
      timezone: 'America/Sao_Paulo',
      messages_total: 9,
      inserted: 9,
      status: 'imported',
      error: null,
    });
  });

  it('marks the messages of `me` outgoing when given (by name or by phone)', async () => {
    const zip = env.zip(CARLA_ZIP_NAME, carlaZipEntries());
    const result = await importTool({ paths: [zip], timezone: 'America/Sao_Paulo', me: 'loja bma' });
    expect(result.files[0]!.me).toEqual({ author: 'Loja BMA', how: 'option' });
    const rows = storedMessages(env.store);
    expect(rows.filter((r) => r.direction === 'out').map((r) => r.sender_name)).toEqual([
      'Loja BMA',
      'Loja BMA',
      'Loja BMA',
    ]);

    // A chat where the exporter cannot be told apart (neither author is named like the chat).
    const text =
      '05/05/2025 10:00 - Ana Paula: oi\n05/05/2025 10:01 - +55 31 3344-5566: bom dia\n05/05/2025 10:02 - Ana Paula: tudo certo\n';
    const path = env.write('WhatsApp Chat with Oficina.txt', text);
    const raw = await mcp.call('import_chat_export', { paths: [path], timezone: 'UTC' });
    expect(ok<ImportResult>(raw).files[0]!.me).toEqual({ author: null, how: 'unknown' });
    expect(textOf(raw)).toContain('pass me');
    const again = env.write('WhatsApp Chat with Oficina 2.txt', text.replace('tudo certo', 'tudo certo!'));
    const byPhone = await importTool({ paths: [again], timezone: 'UTC', me: '(31) 3344-5566' });
    expect(byPhone.files[0]!.me).toEqual({ author: '+55 31 3344-5566', how: 'option' });
    const chatId = byPhone.files[0]!.chat.chat_id!;
    expect(
      storedMessages(env.store, chatId)
        .filter((r) => r.text === 'tudo certo!' || r.text === 'bom dia')
        .map((r) => [r.text, r.direction]),
    ).toEqual([
      ['bom dia', 'in'], // from the first import, when the exporter was unknown
      ['tudo certo!', 'in'],
    ]);
  });

  it('sends progress notifications while importing', async () => {
    const path = env.write('WhatsApp Chat with Carla Mendes.txt', bigExport(30_000));
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const result = await mcp.client.callTool(
      { name: 'import_chat_export', arguments: { paths: [path], timezone: 'America/Sao_Paulo' } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    expect(ok<ImportResult>(result as never).totals).toMatchObject({ messages: 30_000, inserted: 30_000 });
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((p) => p.message === 'WhatsApp Chat with Carla Mendes.txt')).toBe(true);
    // MCP: progress increases with each notification.
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.progress).toBeGreaterThan(progress[i - 1]!.progress);
    expect(progress.at(-1)!.progress).toBe(30_000);
  });

  it('stops at cancellation and keeps nothing of the file', async () => {
    const path = env.write('WhatsApp Chat with Carla Mendes.txt', bigExport(30_000));
    const controller = new AbortController();
    const call = mcp.client.callTool(
      { name: 'import_chat_export', arguments: { paths: [path], timezone: 'America/Sao_Paulo' } },
      undefined,
      { signal: controller.signal, onprogress: (p) => p.progress > 0 && controller.abort() },
    );
    await expect(call).rejects.toThrow();
    // The next import waits for the cancelled one's rollback (busy timeout), then finds the file new.
    const again = await importTool({ paths: [path], timezone: 'America/Sao_Paulo' });
    expect(again.files[0]).toMatchObject({ status: 'imported', inserted: 30_000 });
    expect(countRows(env.store, 'import_files')).toBe(1);
  });

  it('records date, phone and order reference of business file names', async () => {
    const text =
      '15/01/2025 10:00 - Boi Gaúcho: A OS 30415 ficou pronta?\n15/01/2025 10:05 - Loja BMA: Sim!\n';
    const byName = env.write('WhatsApp - 2025-01-15 10 30 00 - Boi Gaúcho OS 30415.txt', text);
    const byPhone = env.write(
      'WhatsApp - 2025-02-01 08 00 00 - +55 31 99876-5432 OS 30500.txt',
      '01/02/2025 07:59 - +55 31 99876-5432: bom dia\n',
    );
    const result = await importTool({ paths: [byName, byPhone], timezone: 'America/Sao_Paulo' });
    expect(result.files.map((f) => [f.status, f.chat.name, f.file_meta])).toEqual([
      [
        'imported',
        'Boi Gaúcho OS 30415',
        { file_date: '2025-01-15T10:30:00-03:00', phone: null, order_ref: '30415' },
      ],
      [
        'imported',
        '+55 31 99876-5432 OS 30500',
        { file_date: '2025-02-01T08:00:00-03:00', phone: '5531998765432', order_ref: '30500' },
      ],
    ]);
    const rows = env.store.db
      .prepare<[], { file_name: string; meta: string }>(
        'SELECT file_name, meta FROM import_files ORDER BY id',
      )
      .all();
    expect(rows.map((r) => [r.file_name, JSON.parse(r.meta)])).toEqual(
      result.files.map((f) => [f.file_name, f.file_meta]),
    );
    // The phone in the name makes the chat that number's chat, found by phone.
    const history = ok<{ messages: { text: string }[] }>(
      await mcp.call('get_contact_history', { contact: '31 99876-5432' }),
    );
    expect(history.messages.map((m) => m.text)).toEqual(['bom dia']);
  });

  it('refuses paths outside the import roots, symlinks included', async () => {
    const outside = join(env.dir, 'outside');
    mkdirSync(outside);
    const secret = join(outside, 'WhatsApp Chat with Carla Mendes.txt');
    writeFileSync(secret, '01/02/2025 07:59 - Carla Mendes: segredo\n');
    const link = join(env.root, 'link.txt');
    symlinkSync(secret, link);
    const folderLink = join(env.root, 'linked-folder');
    symlinkSync(outside, folderLink);

    for (const path of [secret, link, folderLink, join(env.root, '..', 'outside')]) {
      const message = failure(await mcp.call('import_chat_export', { paths: [path] }));
      expect(message).toContain('is outside the folders imports may read');
      expect(message).toContain(env.root);
      expect(message).toContain('WA_ARCHIVE_IMPORT_ROOTS');
      expect(message).not.toMatch(/\n\s+at /); // no stack trace
    }
    // A folder inside the root that holds a symlink to the outside file: the link is not followed.
    const result = await importTool({ paths: [env.root], dry_run: true });
    expect(result.files).toEqual([]);
    expect(countRows(env.store, 'messages')).toBe(0);
    const missing = failure(await mcp.call('import_chat_export', { paths: [join(env.root, 'nope.txt')] }));
    expect(missing).toContain('no such file');
  });

  it('rejects an unknown time zone with a clear message', async () => {
    const zip = env.zip(CARLA_ZIP_NAME, carlaZipEntries());
    const message = failure(await mcp.call('import_chat_export', { paths: [zip], timezone: 'Mars/Base' }));
    expect(message).toContain('"Mars/Base" is not a time zone');
  });
});

/** A chat of `count` messages, one a minute from 1 April 2025. */
function bigExport(count: number): string {
  const start = Date.UTC(2025, 3, 1, 8);
  const lines = Array.from({ length: count }, (_, i) => {
    const d = new Date(start + i * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    const when = `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
    return `${when} - ${i % 3 ? 'Carla Mendes' : 'Loja BMA'}: mensagem número ${i}`;
  });
  return `${lines.join('\n')}\n`;
}
