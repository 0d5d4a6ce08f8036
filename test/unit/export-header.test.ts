/** Header recognition, AM/PM spellings, invisible characters, line endings and the date-order decision. */
import { describe, expect, it } from 'vitest';
import { HeaderMatcher, newHeaderFields } from '../../src/importers/header.js';
import { LineSplitter } from '../../src/importers/lines.js';
import { parseExportText } from '../../src/importers/parser.js';

function header(line: string): Record<string, unknown> | null {
  const fields = newHeaderFields();
  if (!new HeaderMatcher().match(line, fields)) return null;
  return { ...fields, rest: line.slice(fields.restStart) };
}

const first = (text: string): string => {
  const m = parseExportText(text).messages[0]!;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${m.local.year}-${p(m.local.month)}-${p(m.local.day)} ${p(m.local.hour)}:${p(m.local.minute)} ${m.author}: ${m.text}`;
};

describe('header recognition', () => {
  it.each([
    ['2016-04-29 10:30:00'], // a body line that merely starts with a date
    ['12/03/2024 10:00'],
    ['12/03/2024'],
    ['12345/5/6 10:00 - x: y'],
    ['12/03/2024 25:00 - x: y'],
    ['12/03/2024 10:61 - x: y'],
    ['[12/03/2024, 10:00:00 Carla: no closing bracket'],
    ['12/03/2024, 10:00:00] Carla: no opening bracket'],
    ['12/03-2024 10:00 - mixed separators: no'],
    ['hello 12/03/2024 10:00 - x: y'],
  ])('rejects %j', (line) => {
    expect(header(line)).toBeNull();
  });

  it.each([
    ['AM', 'am'],
    ['PM', 'pm'],
    ['am', 'am'],
    ['pm', 'pm'],
    ['a.m.', 'am'],
    ['p.m.', 'pm'],
    ['a. m.', 'am'],
    ['p. m.', 'pm'],
    ['p.\u00a0m.', 'pm'],
    ['A.M.', 'am'],
  ])('reads the meridiem %j after ASCII, NBSP and NNBSP gaps', (marker, expected) => {
    for (const gap of [' ', '\u00a0', '\u202f']) {
      expect(header(`2/14/25, 8:07${gap}${marker} - Carla: hi`)).toMatchObject({
        meridiem: expected,
        style: 'dash',
        rest: 'Carla: hi',
      });
    }
  });

  it('does not mistake an author starting with "am" for a meridiem', () => {
    expect(header('14. 2. 2025. 08:07:31 Amanda: oi')).toMatchObject({ meridiem: null, rest: 'Amanda: oi' });
  });

  it('skips BOM, LRM, RLM and isolates before the header, and the LRM inside the bracket', () => {
    expect(header('\ufeff\u200e[14/02/2025, 08:07:31] Carla: hi')).toMatchObject({ style: 'bracket', a: 14 });
    expect(header('\u200f\u2068[\u200e14/02/2025, 08:07:31] Carla: hi')).toMatchObject({ rest: 'Carla: hi' });
  });

  it('splits Android headers at the first " - " after the time', () => {
    expect(header('14/02/2025 08:07 - Sandrine - French: a - b')).toMatchObject({
      rest: 'Sandrine - French: a - b',
    });
  });
});

describe('message times', () => {
  it('reads 12 AM as 00 and 12 PM as 12, and ignores a marker on hours above 12 with a warning', () => {
    expect(first('2/14/25, 12:05 AM - Carla: a\n')).toBe('2025-02-14 00:05 Carla: a');
    expect(first('2/14/25, 12:05 PM - Carla: a\n')).toBe('2025-02-14 12:05 Carla: a');
    const parsed = parseExportText('2/14/25, 23:59 PM - Carla: a\n2/14/25, 00:04 AM - Carla: b\n');
    expect(parsed.messages.map((m) => m.local.hour)).toEqual([23, 0]);
    expect(parsed.warnings).toEqual([
      { line: 1, reason: 'AM/PM marker on an hour above 12 ignored', text: '2/14/25, 23:59 PM - Carla: a' },
    ]);
  });

  it('maps two-digit years to 20YY', () => {
    expect(first('14/02/99 08:07 - Carla: a\n')).toBe('2099-02-14 08:07 Carla: a');
  });

  it('keeps text before the first header as a warning and strips a BOM that starts a later line', () => {
    const parsed = parseExportText(
      'exported by a tool\n\nsecond line\n14/02/2025 08:07 - Carla: a\n\ufeff14/02/2025 08:08 - Carla: b\n',
    );
    expect(parsed.messages.map((m) => [m.line, m.text])).toEqual([
      [4, 'a'],
      [5, 'b'],
    ]);
    expect(parsed.warnings).toEqual([
      { line: 1, reason: 'text before the first message', text: 'exported by a tool\n\nsecond line' },
    ]);
  });

  it('reads a date impossible under the file order with day and month swapped, with a warning', () => {
    const parsed = parseExportText(
      '14/02/2025 08:07 - Carla: a\n15/02/2025 08:07 - Carla: b\n02/16/2025 08:07 - Carla: c\n',
    );
    expect(parsed.messages.map((m) => `${m.local.month}/${m.local.day}`)).toEqual(['2/14', '2/15', '2/16']);
    expect(parsed.warnings[0]?.reason).toBe('impossible date for the file date order: day and month swapped');
  });
});

describe('date order', () => {
  const ambiguous = '05/06/2025 10:00 - Carla: a\n05/06/2025 10:01 - Bruno: b\n';

  it('defaults to day-first when nothing decides', () => {
    expect(parseExportText(ambiguous)).toMatchObject({ dateOrder: 'dmy', dateOrderReason: 'default' });
  });

  it('follows a day-first locale from the file name or from WhatsApp strings', () => {
    expect(parseExportText(ambiguous, { localeHint: 'pt' })).toMatchObject({ dateOrderReason: 'locale' });
    const pt = `${ambiguous}05/06/2025 10:02 - Bruno: <Mídia oculta>\n`;
    expect(parseExportText(pt)).toMatchObject({
      dateOrder: 'dmy',
      dateOrderReason: 'locale',
      localeHint: 'pt',
    });
  });

  it('honours an explicit override', () => {
    const parsed = parseExportText(ambiguous, { dateOrder: 'mdy' });
    expect(parsed).toMatchObject({ dateOrder: 'mdy', dateOrderReason: 'override' });
    expect(parsed.messages[0]?.local).toMatchObject({ month: 5, day: 6 });
  });

  it('never re-decides per line: one order for the whole file', () => {
    const text = '01/02/2025 10:00 - A: x\n13/02/2025 10:00 - A: y\n03/04/2025 10:00 - A: z\n';
    expect(parseExportText(text).messages.map((m) => m.local.month)).toEqual([2, 2, 4]);
  });

  it('reads a two-digit year first only when that is strictly more chronological', () => {
    const text =
      '24/12/30 10:00 - A: x\n24/12/31 10:00 - A: y\n25/01/01 10:00 - A: z\n25/01/02 10:00 - A: w\n';
    expect(parseExportText(text)).toMatchObject({ dateOrder: 'ymd', dateOrderReason: 'monotonicity' });
  });
});

describe('line splitting', () => {
  it('reports CRLF endings, treats a lone CR as a break, and joins chunks split anywhere', () => {
    const text = 'a\r\nb\nc\rd\r\n\r\ne';
    for (let size = 1; size <= text.length; size++) {
      const lines: string[] = [];
      const splitter = new LineSplitter();
      const sink = (line: string, crlf: boolean): void => void lines.push(`${line}${crlf ? '⏎' : '↵'}`);
      for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size), sink);
      expect(splitter.end(sink)).toBe(false);
      expect(lines).toEqual(['a⏎', 'b↵', 'c↵', 'd⏎', '⏎', 'e↵']);
    }
  });
});
