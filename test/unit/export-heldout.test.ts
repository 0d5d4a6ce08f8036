/** The held-out scenarios of export-formats.md §9, one composed fixture each, with exact expectations. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseString } from 'whatsapp-chat-parser';
import { describe, expect, it } from 'vitest';
import { parseExportText } from '../../src/importers/parser.js';
import { file, msg, omitted, sys, view } from '../fixtures/exports/expect-helpers.js';

const read = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../fixtures/exports/held-out', name), 'utf8');

describe('held-out exports', () => {
  it('1: pt-BR Android with notices, media with and without files, deleted and edited', () => {
    const parsed = parseExportText(read('1-android-pt-br.txt'));
    expect(parsed).toMatchObject({ format: 'android', dateOrder: 'dmy', localeHint: 'pt', hour12: false });
    expect(parsed.messages.map(view)).toEqual([
      sys(
        1,
        '2025-03-03 19:40:00',
        'As mensagens e ligações são protegidas com a criptografia de ponta a ponta. Somente as pessoas que fazem parte da conversa podem ler, ouvir e compartilhar esse conteúdo. Saiba mais',
      ),
      sys(2, '2025-03-03 19:40:00', 'Você criou este grupo'),
      sys(3, '2025-03-03 19:41:00', 'Rafael Lima foi adicionado(a)'),
      msg(4, '2025-03-03 19:42:00', 'Carla Mendes', 'Boa noite! Segue o orçamento da OS 30415'),
      msg(
        5,
        '2025-03-03 19:44:00',
        'Carla Mendes',
        'foto do compressor',
        file('image', 'IMG-20250303-WA0007.jpg'),
      ),
      msg(7, '2025-03-03 19:45:00', 'Carla Mendes', '', file('document', 'Relatório Final 2024.pdf')),
      msg(8, '2025-03-03 19:46:00', 'Rafael Lima', '', omitted('unknown')),
      msg(9, '2025-03-03 19:47:00', 'Rafael Lima', '', { type: 'deleted', deleted: true }),
      msg(10, '2025-03-03 19:48:00', 'Rafael Lima', 'o valor ficou R$ 1.250,00?', { edited: true }),
      sys(11, '2025-03-04 08:02:00', 'Você adicionou Paula Reis'),
      msg(12, '2025-03-04 08:03:00', 'Paula Reis', '@Rafael Lima chegou?'),
      sys(
        13,
        '2025-03-04 08:05:00',
        'Você atualizou a duração das mensagens temporárias. Todas as novas mensagens desaparecerão desta conversa 7 dias após o envio, exceto se salvas na conversa.',
      ),
      msg(14, '2025-03-04 08:06:00', 'Carla Mendes', 'Ligação de voz perdida', { type: 'call' }),
      sys(15, '2025-03-04 08:07:00', 'Você removeu Paula Reis'),
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('2: the same chat from iOS: BOM, CRLF boundaries, group name as author of notices', () => {
    const parsed = parseExportText(read('2-ios-pt-br.txt'));
    expect(parsed).toMatchObject({ format: 'ios', dateOrder: 'dmy', crlfBoundaries: true, localeHint: 'pt' });
    expect(parsed.messages.map(view)).toEqual([
      sys(
        1,
        '2025-03-03 19:40:12',
        'As mensagens e ligações são protegidas com a criptografia de ponta a ponta. Somente as pessoas que fazem parte da conversa podem ler, ouvir e compartilhar esse conteúdo.',
      ),
      sys(2, '2025-03-03 19:40:12', 'Você criou este grupo'),
      sys(3, '2025-03-03 19:41:03', 'Você adicionou Rafael Lima'),
      msg(
        4,
        '2025-03-03 19:42:30',
        'Carla Mendes',
        'Boa noite! Segue o orçamento\nda OS 30415:\n\n- compressor',
      ),
      msg(
        8,
        '2025-03-03 19:44:10',
        'Carla Mendes',
        '',
        file('image', '00000042-PHOTO-2025-03-03-19-44-10.jpg'),
      ),
      msg(9, '2025-03-03 19:44:15', 'Carla Mendes', '', omitted('image')),
      msg(10, '2025-03-03 19:45:00', 'Carla Mendes', '', file('document', '00000043-Plano final.pdf')),
      msg(11, '2025-03-03 19:46:20', 'Paula', 'oi gente', { pushName: true }),
      msg(
        12,
        '2025-03-03 19:47:00',
        'Rafael Lima',
        'olha o que recebi:\n[03/03/2025, 19:00:00] Fulano: mensagem colada',
      ),
      msg(14, '2025-03-03 19:48:00', 'Rafael Lima', '', { type: 'deleted', deleted: true }),
      sys(15, '2025-03-04 08:00:00', 'Rafael Lima saiu'),
    ]);
    expect(parsed.warnings).toEqual([
      {
        line: 13,
        reason: 'header-like line inside a message (no \\r\\n before it) kept as text',
        text: '[03/03/2025, 19:00:00] Fulano: mensagem colada',
      },
    ]);
  });

  it('3: en-US with NNBSP AM/PM in both cases, 12 AM/PM edges, only dates <= 12', () => {
    const parsed = parseExportText(read('3-android-en-us-ampm.txt'));
    expect(parsed).toMatchObject({ dateOrder: 'mdy', dateOrderReason: 'monotonicity', hour12: true });
    expect(parsed.messages.map(view)).toEqual([
      msg(1, '2025-01-05 23:59:00', 'Carla', 'almost midnight'),
      msg(2, '2025-01-06 00:00:00', 'Bruno', 'midnight!'),
      msg(3, '2025-01-06 12:00:00', 'Carla', 'noon'),
      msg(4, '2025-01-06 12:30:00', 'Bruno', 'lunch'),
      msg(5, '2025-01-12 09:15:00', 'Carla', 'see you at 10'),
      msg(6, '2025-02-03 13:05:00', 'Bruno', '', omitted('unknown')),
      msg(7, '2025-02-10 10:00:00', 'Carla', 'ok'),
    ]);
  });

  it('4: day-first chat whose dates are all the 1st of a month', () => {
    const text = read('4-first-of-month.txt');
    const parsed = parseExportText(text);
    expect(parsed).toMatchObject({ dateOrder: 'dmy', dateOrderReason: 'default' });
    expect(parsed.messages.map(view)).toEqual([
      msg(1, '2025-03-01 10:00:00', 'Carla', 'fatura de março'),
      msg(2, '2025-04-01 10:00:00', 'Carla', 'fatura de abril'),
      msg(3, '2025-05-01 10:00:00', 'Carla', 'fatura de maio'),
      msg(4, '2025-06-01 10:00:00', 'Bruno', 'pago'),
    ]);
    // The reference parser's change-frequency heuristic reads these as 3-6 January.
    expect(parseString(text)[0]?.date.getUTCMonth()).toBe(0);
  });

  it('5: colons in names and bodies, URLs, pasted header lines, blank lines, phone authors', () => {
    const parsed = parseExportText(read('5-authors-and-colons.txt'));
    expect(parsed.dateOrder).toBe('dmy');
    expect(parsed.messages.map(view)).toEqual([
      msg(1, '2024-03-12 09:00:00', 'Dra. Ana: Pediatra', 'Bom dia! Horários: 10h ou 14h'),
      msg(2, '2024-03-12 09:01:00', '🌻🌻', 'https://example.com/agenda?dia=12&hora=10:00'),
      msg(3, '2024-03-12 09:02:00', 'Dra. Ana: Pediatra', 'Pode ser: 10h'),
      msg(4, '2024-03-12 09:03:00', '+55 31 99876-5432', 'lista:\n\n1) documento\n\n2) cartão do SUS', {
        phone: '5531998765432',
      }),
      msg(9, '2024-03-12 09:04:00', '+55 31 3344-5566', 'confirmo', { phone: '553133445566' }),
      msg(10, '2024-03-12 09:05:00', 'Sandrine - French', 'bonjour - ça va?'),
      msg(
        11,
        '2024-03-12 09:06:00',
        '🌻🌻',
        'segue a conversa anterior:\n2016-04-29 10:30:00\n12/03/2024 10:00 não é cabeçalho',
      ),
      msg(14, '2024-03-12 10:00:00', 'não', 'é header'),
      msg(15, '2024-03-12 09:07:00', 'Elisa', '👍', { pushName: true }),
      msg(16, '2024-03-12 09:08:00', 'Dra. Ana: Pediatra', 'Até amanhã'),
    ]);
    expect(parsed.warnings).toEqual([
      {
        line: 13,
        reason: 'header-like line in a layout the rest of the file does not use kept as text',
        text: '12/03/2024 10:00 não é cabeçalho',
      },
    ]);
  });

  it('6: polls, locations, live location, contact card, view-once and null bodies', () => {
    const parsed = parseExportText(read('6-special-bodies.txt'));
    expect(parsed.messages.map(view)).toEqual([
      msg(1, '2025-02-14 10:00:00', 'Carla', 'Where should we eat?\nPizza\nSushi\nTacos', {
        type: 'poll',
        poll: {
          question: 'Where should we eat?',
          options: [
            { name: 'Pizza', votes: 3 },
            { name: 'Sushi', votes: 1 },
            { name: 'Tacos', votes: 0 },
          ],
        },
      }),
      msg(6, '2025-02-14 10:05:00', 'Bruno', '', {
        type: 'location',
        location: { url: 'https://maps.google.com/?q=-19.9191,-43.9386', lat: -19.9191, lng: -43.9386 },
      }),
      msg(7, '2025-02-14 10:06:00', 'Bruno', '', { type: 'location', location: { url: null, live: true } }),
      msg(8, '2025-02-14 10:07:00', 'Carla', '', file('contact', 'Tia Neide.vcf')),
      msg(9, '2025-02-14 10:08:00', 'Carla', '', { type: 'unknown', viewOnce: true }),
      msg(10, '2025-02-14 10:09:00', 'Bruno', '', { type: 'unknown', viewOnce: true }),
      msg(11, '2025-02-14 10:10:00', 'Carla', 'Qual dia?\nSábado\nDomingo', {
        type: 'poll',
        poll: {
          question: 'Qual dia?',
          options: [
            { name: 'Sábado', votes: 2 },
            { name: 'Domingo', votes: 0 },
          ],
        },
      }),
      msg(15, '2025-02-14 10:11:00', 'Bruno', '', {
        type: 'location',
        location: { url: 'https://maps.google.com/?q=-23.5505,-46.6333', lat: -23.5505, lng: -46.6333 },
      }),
    ]);
  });

  it('7: out-of-order pair across midnight, community notice with ": ", truncated last line', () => {
    const parsed = parseExportText(read('7-out-of-order-truncated.txt'));
    expect(parsed).toMatchObject({ dateOrder: 'mdy', dateOrderReason: 'component>12' });
    expect(parsed.messages.map(view)).toEqual([
      msg(1, '2025-02-12 23:58:00', 'Carla', 'almost'),
      msg(2, '2025-02-13 00:01:00', 'Bruno', 'after midnight'),
      msg(3, '2025-02-12 23:59:00', 'Carla', 'sent before midnight, delivered late'),
      sys(4, '2025-02-13 00:02:00', '+55 31 98877-1122 added you to a group in the community: Bairro'),
      msg(5, '2025-02-13 00:03:00', 'Carla', 'this message is cut in the mid'),
    ]);
    expect(parsed.warnings).toEqual([
      { line: 5, reason: 'the last line has no line break: the file may be truncated', text: '' },
    ]);
  });
});
