/**
 * Differential test against whatsapp-chat-parser (v4 `parseString`) on the formats it handles
 * correctly: same messages, dates, authors and text. Corpora are generated from a seeded PRNG.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseString } from 'whatsapp-chat-parser';
import { describe, expect, it } from 'vitest';
import { parseExportText } from '../../src/importers/parser.js';
import type { ExportMessage } from '../../src/importers/types.js';

/** mulberry32: small, seeded, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AUTHORS = ['Carla Mendes', 'Bruno Souza', '+55 31 99876-5432', 'João', 'Boi Gaúcho Ltda', 'Ana 🌻'];
const WORDS =
  'bom dia orçamento pedido entrega amanhã obrigado pix nota OS 30415 ok? valor prazo https://x.io/a?b=1'.split(
    ' ',
  );

type Layout = (d: Date) => string;
const p2 = (n: number): string => String(n).padStart(2, '0');
const h12 = (d: Date): string => `${d.getUTCHours() % 12 || 12}:${p2(d.getUTCMinutes())}`;
const ampm = (d: Date): string => (d.getUTCHours() < 12 ? 'AM' : 'PM');
const LAYOUTS: Record<string, Layout> = {
  'android pt-BR': (d) =>
    `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} - `,
  'android en-US NNBSP': (d) =>
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear() % 100}, ${h12(d)}\u202f${ampm(d)} - `,
  'android de': (d) =>
    `${p2(d.getUTCDate())}.${p2(d.getUTCMonth() + 1)}.${p2(d.getUTCFullYear() % 100)}, ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} - `,
  'ios en-GB': (d) =>
    `[${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}, ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}] `,
};

/** A chat of n messages, with multi-line bodies, blank lines, notices and attachments. */
function corpus(layout: Layout, seed: number, n: number): string {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let time = Date.UTC(2024, 0, 1, 8, 0, 0);
  let out = '';
  for (let i = 0; i < n; i++) {
    time += Math.floor(random() * 5 * 3600) * 1000;
    const header = layout(new Date(time));
    const r = random();
    if (r < 0.05) {
      out += `${header}${pick(AUTHORS)} added ${pick(AUTHORS)}\n`;
      continue;
    }
    let body = Array.from({ length: 1 + Math.floor(random() * 10) }, () => pick(WORDS)).join(' ');
    if (r > 0.85) body += `\n${pick(WORDS)}${random() > 0.5 ? '\n\n- item' : ''}`;
    else if (r > 0.8)
      body = `IMG-2024${p2(1 + (i % 12))}01-WA${String(i).padStart(4, '0')}.jpg (file attached)`;
    out += `${header}${pick(AUTHORS)}: ${body}\n`;
  }
  return out;
}

function compare(text: string): number {
  const ours = parseExportText(text).messages;
  const theirs = parseString(text, { parseAttachments: true });
  expect(ours.length).toBe(theirs.length);
  ours.forEach((message: ExportMessage, i) => {
    const other = theirs[i]!;
    const l = message.local;
    expect(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second)).toBe(other.date.getTime());
    expect(message.author).toBe(other.author);
    // The reference keeps a final empty line at EOF and does not read attachments out of the body.
    const otherText = i === theirs.length - 1 ? other.message.replace(/\n$/, '') : other.message;
    if (message.attachment?.fileName) expect(message.attachment.fileName).toBe(other.attachment?.fileName);
    else expect(message.text).toBe(otherText);
  });
  return ours.length;
}

describe('differential against whatsapp-chat-parser', () => {
  for (const [name, layout] of Object.entries(LAYOUTS)) {
    it(`agrees on a generated ${name} chat`, () => {
      expect(compare(corpus(layout, name.length * 7919, 400))).toBe(400);
    });
  }

  const fixtures = ['android-pt-br.txt', 'android-en-us.txt', 'android-en-gb-old.txt', 'android-es-es.txt'];
  for (const name of fixtures) {
    it(`agrees on the catalogue fixture ${name} (text fields where nothing is classified)`, () => {
      const text = readFileSync(join(import.meta.dirname, '../fixtures/exports/catalogue', name), 'utf8');
      const ours = parseExportText(text).messages;
      const theirs = parseString(text);
      expect(ours.map((m) => [m.local.day, m.local.month, m.local.hour, m.local.minute, m.author])).toEqual(
        theirs.map((m) => [
          m.date.getUTCDate(),
          m.date.getUTCMonth() + 1,
          m.date.getUTCHours(),
          m.date.getUTCMinutes(),
          m.author,
        ]),
      );
    });
  }
});
