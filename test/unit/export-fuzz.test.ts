/**
 * Fuzzing with a seeded PRNG: random bytes, truncated and mutated exports, huge lines. The parser
 * must never throw, must keep every line (a header starts a message; any other non-empty line is
 * found in some message text or warning), and the streaming parser must agree with the in-memory one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stripInvisible } from '../../src/importers/invisible.js';
import { parseExport, parseExportText } from '../../src/importers/parser.js';
import type { ExportMessage, ParsedExport } from '../../src/importers/types.js';

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

const FIXTURES = ['catalogue', 'held-out'].flatMap((dir) => {
  const folder = join(import.meta.dirname, '../fixtures/exports', dir);
  return readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8'));
});

/** Pieces that make mutations land on the parser's decision points. */
const TRICKY = [
  '\n',
  '\r\n',
  '\r',
  '/',
  '.',
  ':',
  ': ',
  ' - ',
  '[',
  ']',
  '1',
  '13',
  '\u200e',
  '\u202f',
  '\u00a0',
  '\ufeff',
  '\u2068',
  ' PM',
  'p. m.',
  '<Media omitted>',
  'POLL:',
  '\nOPTION: x (2 votes)',
  ' (file attached)',
  '<attached: a.jpg>',
  '14/02/2025 08:07 - ',
  '[2/14/25, 8:07:31 AM] ',
  '~\u202f',
  '\ud800',
];

/** Every input line is kept: checks the invariant and returns the parse for further checks. */
function assertNothingLost(text: string): ParsedExport {
  const parsed = parseExportText(text);
  const starts = new Set(parsed.messages.map((m) => m.line));
  const haystack = stripInvisible(
    [...parsed.messages.map(searchable), ...parsed.warnings.map((w) => w.text)].join('\n'),
  );
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (starts.has(index + 1)) return;
    const core = stripInvisible(line)
      .replace(/<(?:This message was edited|Mensagem editada)>$/, '')
      .trim();
    if (core === '' || haystack.includes(core)) return;
    const option = /^(?:OPTION|OPÇÃO):\s*(.*?)(?:\s*\(\d+ vot[eo]s?\))?$/.exec(core);
    if (option !== null && haystack.includes(option[1]!.trim())) return;
    expect.fail(`line ${index + 1} lost: ${JSON.stringify(line.slice(0, 200))}`);
  });
  return parsed;
}

function searchable(m: ExportMessage): string {
  return [m.text, m.poll?.question ?? '', ...(m.poll?.options.map((o) => o.name) ?? [])].join('\n');
}

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const r = random();
    if (r < 0.4) out = out.slice(0, at) + TRICKY[Math.floor(random() * TRICKY.length)] + out.slice(at);
    else if (r < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 8));
    else if (r < 0.85) out = out.slice(0, at);
    else out = out.slice(at) + out.slice(0, at);
  }
  return out;
}

async function parseStreaming(bytes: Uint8Array, random: () => number): Promise<ExportMessage[]> {
  const open = async function* (): AsyncGenerator<Uint8Array> {
    let at = 0;
    while (at < bytes.length) {
      const size = 1 + Math.floor(random() * 64);
      yield bytes.subarray(at, at + size);
      at += size;
    }
  };
  const stream = await parseExport(open);
  const out: ExportMessage[] = [];
  for await (const message of stream.messages) out.push(message);
  return out;
}

describe('export parser fuzzing', () => {
  it('keeps every line of mutated and truncated exports', () => {
    const random = prng(20250214);
    for (let i = 0; i < 600; i++) {
      const base = FIXTURES[Math.floor(random() * FIXTURES.length)]!;
      assertNothingLost(mutate(base, random));
    }
    for (const base of FIXTURES) {
      for (let cut = 1; cut < base.length; cut += 1 + Math.floor(random() * 23))
        assertNothingLost(base.slice(0, cut));
    }
  });

  it('survives random bytes and random text', () => {
    const random = prng(7);
    const decoder = new TextDecoder();
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 2000) }, () =>
        Math.floor(random() * 256),
      );
      assertNothingLost(decoder.decode(bytes));
      const pieces = Array.from({ length: 60 }, () => TRICKY[Math.floor(random() * TRICKY.length)]).join('');
      assertNothingLost(pieces);
    }
  });

  it('streams byte chunks split anywhere exactly like the in-memory parser', async () => {
    const random = prng(99);
    const encoder = new TextEncoder();
    for (let i = 0; i < 60; i++) {
      const text = mutate(FIXTURES[i % FIXTURES.length]!, random);
      const bytes = encoder.encode(text);
      const expected = parseExportText(new TextDecoder().decode(bytes)).messages;
      expect(await parseStreaming(bytes, random)).toEqual(expected);
    }
  });

  it('handles 1 MB lines in a body and before the first header', () => {
    const huge = 'x'.repeat(1 << 20);
    const parsed = assertNothingLost(
      `${huge}\n14/02/2025 08:07 - Carla: ${huge}\n${huge}\n14/02/2025 08:08 - Bruno: ok\n`,
    );
    expect(parsed.messages.map((m) => m.text.length)).toEqual([2 * huge.length + 1, 2]);
    expect(parsed.warnings).toEqual([{ line: 1, reason: 'text before the first message', text: huge }]);
  });
});
