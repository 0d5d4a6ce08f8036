import { describe, expect, it } from 'vitest';
import { cleanOrNull, cleanText, formatBytes, oneLine } from '../../src/text.js';
import { INVISIBLE_CONTROLS } from '../helpers/tmp.js';

describe('cleanText', () => {
  it('strips bidirectional controls (embeddings, overrides, isolates, marks)', () => {
    const planted = '\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069i\u200ej\u200fk\u061cl';
    expect(cleanText(planted)).toBe('abcdefghijkl');
  });

  it('strips invisible characters: zero-width, word joiner, BOM, invisible operators, annotations', () => {
    expect(
      cleanText('pa\u200bga\u200cme\u200dnto\u2060 \u2061\u2062\u2063\u2064fe\ufeffito \ufff9x\ufffay\ufffb'),
    ).toBe('pagamento feito xy');
  });

  it('strips C0 controls but keeps tab and new lines', () => {
    expect(cleanText('a\u0000b\u0007c\u001bd\u007fe')).toBe('abcde');
    expect(cleanText('linha 1\nlinha 2\r\n\tfim')).toBe('linha 1\nlinha 2\r\n\tfim');
  });

  it('keeps ordinary text, accents, emoji and emoji sequences', () => {
    const text = 'Orçamento da OS 30415 — Reunião às 15h 👍🏽 👨‍👩‍👧 🇧🇷 עברית العربية';
    // Zero-width joiners (U+200D) are removed too: a joined emoji falls apart into its parts.
    expect(cleanText(text)).toBe(text.replace(/\u200d/g, ''));
    expect(cleanText('Boi Gaúcho X BMA')).toBe('Boi Gaúcho X BMA');
  });

  it('leaves nothing that the tests consider an invisible control', () => {
    let all = '';
    for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c > 0xdfff) all += String.fromCharCode(c);
    expect(cleanText(all)).not.toMatch(INVISIBLE_CONTROLS);
  });

  it('passes null through and flattens one-line renderings', () => {
    expect(cleanOrNull(null)).toBeNull();
    expect(cleanOrNull(undefined)).toBeNull();
    expect(cleanOrNull('a\u202eb')).toBe('ab');
    expect(oneLine('  linha 1\n\n linha\u202e 2  ')).toBe('linha 1 linha 2');
    expect(oneLine('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(oneLine('curto', 10)).toBe('curto');
  });
});

describe('formatBytes', () => {
  it('gives kB below a megabyte, MB below a gigabyte, then GB', () => {
    expect(formatBytes(0)).toBe('0 kB');
    expect(formatBytes(812_345)).toBe('812 kB');
    expect(formatBytes(292_286_464)).toBe('292.3 MB');
    expect(formatBytes(1_254_000_000)).toBe('1.25 GB');
    expect(formatBytes(-31_000_000)).toBe('-31.0 MB');
  });
});
