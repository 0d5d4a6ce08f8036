/** Export sources on disk: `.txt`, Android and iOS zips with media, folders, skipped files. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findExportSources, type ExportSource, type FoundPath } from '../../src/importers/files.js';
import { parseExport, scanExport } from '../../src/importers/parser.js';
import type { ExportMessage } from '../../src/importers/types.js';

const FILES = join(import.meta.dirname, '../fixtures/exports/files');

async function collect(paths: string[]): Promise<FoundPath[]> {
  const found: FoundPath[] = [];
  for await (const item of findExportSources(paths)) found.push(item);
  return found;
}

async function parseSource(source: ExportSource): Promise<ExportMessage[]> {
  const stream = await parseExport(source.open, { localeHint: source.nameInfo.localeHint ?? null });
  const messages: ExportMessage[] = [];
  for await (const message of stream.messages) messages.push(message);
  return messages;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

describe('findExportSources', () => {
  it('reads an Android zip: the .txt named like the zip, media by name', async () => {
    const [source] = await collect([join(FILES, 'android-with-media')]);
    if (source?.type !== 'export') throw new Error('expected an export');
    try {
      expect(source).toMatchObject({
        container: 'zip',
        fileName: 'WhatsApp Chat with Carla Mendes.zip',
        nameInfo: { chatName: 'Carla Mendes', localeHint: 'en' },
      });
      const messages = await parseSource(source);
      expect(messages.map((m) => [m.attachment?.fileName, m.text])).toEqual([
        ['IMG-20250303-WA0007.jpg', 'foto do compressor'],
        ['Relatório Final 2024.pdf', ''],
      ]);
      const media = await source.media();
      expect([...media.keys()].sort()).toEqual(['IMG-20250303-WA0007.jpg', 'Relatório Final 2024.pdf']);
      const photo = media.get(messages[0]!.attachment!.fileName!)!;
      expect((await bytesOf(await photo.open())).toString('latin1')).toBe('\xff\xd8\xff fake jpeg bytes');
    } finally {
      source.close();
    }
  });

  it('reads an iOS zip: _chat.txt, CRLF boundaries, resource forks ignored, text sha256', async () => {
    const zipPath = join(FILES, 'ios', 'WhatsApp Chat - Futebol Quinta.zip');
    const [source] = await collect([zipPath]);
    if (source?.type !== 'export') throw new Error('expected an export');
    try {
      expect(source).toMatchObject({ id: `${zipPath}!_chat.txt`, nameInfo: { chatName: 'Futebol Quinta' } });
      const text = await bytesOf(Readable.from(source.open()));
      expect(source.sha256).toBe(sha256(text));
      expect(source.size).toBe(text.length);
      const messages = await parseSource(source);
      expect(messages.map((m) => [m.kind, m.type, m.author, m.text])).toEqual([
        [
          'system',
          'system',
          null,
          'Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.',
        ],
        ['message', 'image', 'Bruno', ''],
        ['message', 'text', 'Bruno', 'golaço\nde placa'],
      ]);
      expect([...(await source.media()).keys()]).toEqual(['00000042-PHOTO-2025-03-03-19-44-10.jpg']);
    } finally {
      source.close();
    }
  });

  it('walks folders: exports with sibling media, skips what is not an export with a reason', async () => {
    const found = await collect([join(FILES, 'misc'), join(FILES, 'unzipped'), join(FILES, 'missing')]);
    const summary = found.map((item) =>
      item.type === 'export'
        ? ['export', item.fileName]
        : ['skipped', item.path.slice(FILES.length + 1), item.reason],
    );
    expect(summary).toEqual([
      ['skipped', 'misc/not-an-export.zip', 'no WhatsApp chat .txt inside the zip'],
      ['skipped', 'misc/notes.txt', 'no WhatsApp message header in its first lines'],
      ['skipped', 'misc/photo.png', 'not a .txt or .zip export'],
      ['export', 'Conversa do WhatsApp com Ana.txt'],
      ['skipped', 'missing', expect.stringMatching(/^cannot read: ENOENT/)],
    ]);
    const source = found[3] as ExportSource;
    const path = join(FILES, 'unzipped', 'Conversa do WhatsApp com Ana.txt');
    expect(source).toMatchObject({ container: 'txt', nameInfo: { chatName: 'Ana', localeHint: 'pt' } });
    expect(source.sha256).toBe(sha256(readFileSync(path)));
    const messages = await parseSource(source);
    expect(messages.map((m) => m.attachment?.fileName ?? m.text)).toEqual([
      'IMG-20250101-WA0001.jpg',
      'feliz ano novo',
    ]);
    const media = await source.media();
    expect([...media.keys()]).toEqual(['IMG-20250101-WA0001.jpg']);
  });

  it('accepts an explicitly named .txt even without headers', async () => {
    const [source] = await collect([join(FILES, 'misc', 'notes.txt')]);
    expect(source).toMatchObject({ type: 'export', container: 'txt', nameInfo: { chatName: null } });
  });

  it('parses a stream that splits multi-byte characters and the CRLF pair across chunks', async () => {
    const bytes = Buffer.from('[14/02/2025, 08:07:31] Zé: ação\r\n[14/02/2025, 08:08:00] Zé: ok\r\n', 'utf8');
    const open = (): AsyncIterable<Uint8Array> =>
      Readable.from(Array.from(bytes, (byte) => Buffer.from([byte])));
    const stream = await parseExport(open);
    const texts: string[] = [];
    for await (const batch of stream.batches) texts.push(...batch.map((m) => `${m.author}: ${m.text}`));
    expect(texts).toEqual(['Zé: ação', 'Zé: ok']);
    expect(stream.info.crlfBoundaries).toBe(true);
  });

  it('decodes UTF-16 exports marked by a BOM', async () => {
    const text = '14/02/2025 08:07 - Zé: olá\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const stream = await parseExport(() => Readable.from([bytes.subarray(0, 7), bytes.subarray(7)]));
    const messages: ExportMessage[] = [];
    for await (const message of stream.messages) messages.push(message);
    expect(messages.map((m) => [m.author, m.text])).toEqual([['Zé', 'olá']]);
  });

  it('caps kept warnings while reporting every one to onWarning, and scans without building messages', async () => {
    const headers = ['a', 'b', 'c', 'd', 'e'].map((t, i) => `14/02/2025 08:0${i} - A: ${t}`);
    const text = [
      'x',
      ...headers,
      '[14/02/2025, 08:08:00] B: pasted',
      '31/02/2025 08:10 - A: bad date',
      '',
    ].join('\n');
    const open = (): AsyncIterable<string> => Readable.from([text]);
    const seen: number[] = [];
    const stream = await parseExport(open, { maxWarnings: 1, onWarning: (w) => seen.push(w.line) });
    const texts: string[] = [];
    for await (const batch of stream.batches) texts.push(...batch.map((m) => m.text));
    expect(texts).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e\n[14/02/2025, 08:08:00] B: pasted\n31/02/2025 08:10 - A: bad date',
    ]);
    expect(seen).toEqual([1, 7, 8]);
    expect(stream.warnings.map((w) => w.line)).toEqual([1]);
    expect(stream.droppedWarnings()).toBe(2);
    expect(await scanExport(open)).toMatchObject({ headerCount: 7, lineCount: 8, dateOrder: 'dmy' });
  });
});
