import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/store/search-query.js';
import { makeSnippet } from '../../src/store/snippet.js';

const snippet = (text: string, query: string, max?: number) =>
  makeSnippet(text, parseSearchQuery(query), max);

describe('makeSnippet', () => {
  it('marks matches accent- and case-insensitively, keeping the original spelling', () => {
    expect(snippet('Gostaria de um orçamento', 'orcamento')).toBe('Gostaria de um **orçamento**');
    expect(snippet('Reunião confirmada; a reunião é às 15h', 'REUNIAO')).toBe(
      '**Reunião** confirmada; a **reunião** é às 15h',
    );
    expect(snippet('O ORÇAMENTO chegou', 'orçamento')).toBe('O **ORÇAMENTO** chegou');
  });

  it('folds decomposed accents like the index does', () => {
    expect(snippet('um cafe\u0301 forte', 'cafe')).toBe('um **cafe\u0301** forte');
  });

  it('marks every word that starts with a prefix', () => {
    expect(snippet('orçamentos, orçado e orla', 'orç*')).toBe('**orçamentos**, **orçado** e orla');
  });

  it('marks a phrase only where its words follow each other', () => {
    expect(snippet('OS 30415 e depois 30415 OS', '"os 30415"')).toBe('**OS** **30415** e depois 30415 OS');
  });

  it('marks every alternative of an OR and never an excluded word', () => {
    expect(snippet('boleto pago, pix pendente', 'boleto OR pix -pago')).toBe(
      '**boleto** pago, **pix** pendente',
    );
  });

  it('returns the start of the text when nothing matches', () => {
    expect(snippet('nada a ver', 'orçamento')).toBe('nada a ver');
    expect(snippet('x'.repeat(300), 'orçamento', 50)).toBe(`${'x'.repeat(50)}…`);
  });

  describe('in a long text', () => {
    const before = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(6);
    const after = ' Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.'.repeat(6);
    const text = `${before}Precisamos do ORÇAMENTO da OS 30415 até sexta.${after}`;

    it('shows a window around the first match with ellipses on both cut ends', () => {
      const s = snippet(text, 'orcamento', 120);
      expect(s.startsWith('…')).toBe(true);
      expect(s.endsWith('…')).toBe(true);
      expect(s).toContain('Precisamos do **ORÇAMENTO** da OS 30415');
      // The window is at most max characters of the text (plus marks and ellipses).
      expect(s.replace(/\*\*/g, '').length).toBeLessThanOrEqual(122);
      // It starts at a word boundary.
      expect(s).toMatch(/^…[A-Za-z]/);
      expect(text).toContain(s.slice(1, 20));
    });

    it('keeps some text before the match for context', () => {
      const s = snippet(text, 'orcamento', 120).replace(/\*\*/g, '');
      const at = s.indexOf('ORÇAMENTO');
      expect(at).toBeGreaterThan(20);
      expect(at).toBeLessThan(60);
    });

    it('has no leading ellipsis when the match is at the start', () => {
      const s = snippet(`Orçamento: ${after}`, 'orcamento', 80);
      expect(s.startsWith('**Orçamento**')).toBe(true);
      expect(s.endsWith('…')).toBe(true);
    });

    it('does not mark a match outside the window', () => {
      const s = snippet(`orçamento ${before}${before}no fim: boleto`, 'orcamento OR boleto', 60);
      expect(s).toMatch(/^\*\*orçamento\*\*/);
      expect(s).not.toContain('boleto');
    });
  });

  it('collapses new lines and runs of spaces', () => {
    expect(snippet('linha 1\n\n   orçamento\taqui', 'orcamento')).toBe('linha 1 **orçamento** aqui');
  });
});
