/**
 * One composed fixture per header variant of the format catalogue (export-formats.md §1.1, plus the
 * notice examples of §3), each with the exact messages expected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExportText } from '../../src/importers/parser.js';
import type { ExportFileInfo } from '../../src/importers/types.js';
import { file, msg, omitted, sys, view, type View } from '../fixtures/exports/expect-helpers.js';

const DIR = join(import.meta.dirname, '../fixtures/exports/catalogue');

interface Case {
  info: Partial<ExportFileInfo>;
  messages: View[];
}

const CASES: Record<string, Case> = {
  'android-pt-br.txt': {
    info: {
      format: 'android',
      dateOrder: 'dmy',
      dateOrderReason: 'component>12',
      hour12: false,
      localeHint: 'pt',
    },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla Mendes', 'bom dia'),
      msg(2, '2025-02-14 08:09:00', 'Bruno Souza', 'bom dia! o orçamento da OS 30415 ficou pronto?'),
      msg(3, '2025-02-15 17:42:00', 'Carla Mendes', 'ficou sim:\n- troca do compressor\n- mão de obra'),
      msg(6, '2025-02-15 17:43:00', 'Bruno Souza', '', omitted('unknown')),
    ],
  },
  'ios-pt-br.txt': {
    info: { format: 'ios', dateOrder: 'dmy', crlfBoundaries: true, localeHint: 'pt' },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Carla Mendes', 'bom dia'),
      msg(2, '2025-02-14 08:09:02', 'Bruno Souza', 'pode mandar\nas fotos?'),
      msg(4, '2025-02-14 08:10:15', 'Carla Mendes', '', omitted('image')),
      msg(
        5,
        '2025-02-15 09:00:00',
        'Carla Mendes',
        '',
        file('image', '00000012-PHOTO-2025-02-15-09-00-00.jpg'),
      ),
    ],
  },
  'ios-pt-br-2digit-year.txt': {
    info: { format: 'ios', dateOrder: 'dmy', dateOrderReason: 'component>12' },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Carla Mendes', 'bom dia'),
      msg(2, '2025-02-14 08:07:50', 'Carla Mendes', 'tudo certo?'),
      msg(3, '2025-02-16 21:15:03', 'Bruno Souza', 'tudo'),
    ],
  },
  'android-en-us.txt': {
    info: {
      format: 'android',
      dateOrder: 'mdy',
      dateOrderReason: 'component>12',
      hour12: true,
      localeHint: 'en',
    },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hi'),
      msg(2, '2025-02-14 08:09:00', 'Bruno', 'hey, are we still on for 12:30?'),
      msg(3, '2025-02-14 12:31:00', 'Carla', 'yes'),
      msg(4, '2025-02-15 00:05:00', 'Bruno', '', omitted('unknown')),
    ],
  },
  'android-en-us-pre-2023.txt': {
    info: { dateOrder: 'mdy', hour12: true },
    messages: [
      msg(1, '2022-12-31 23:58:00', 'Carla', 'happy new year in 2 minutes!'),
      msg(2, '2023-01-01 00:00:00', 'Bruno', 'Happy new year!!'),
      msg(3, '2023-01-01 00:01:00', 'Carla', 'fireworks', file('image', 'IMG-20230101-WA0001.jpg')),
    ],
  },
  'ios-en-us.txt': {
    info: { format: 'ios', dateOrder: 'mdy', hour12: true },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Carla', 'hi'),
      msg(2, '2025-02-14 08:07:45', 'Carla', '', omitted('image')),
      msg(3, '2025-02-14 21:15:00', 'Bruno', 'Missed voice call. Tap to call back', { type: 'call' }),
    ],
  },
  'android-en-gb.txt': {
    info: { dateOrder: 'dmy', hour12: false },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hi'),
      msg(2, '2025-02-14 08:08:00', 'Carla', '', file('image', 'IMG-20250214-WA0003.jpg')),
      msg(3, '2025-02-14 08:10:00', 'Bruno', '', { type: 'deleted', deleted: true }),
    ],
  },
  'android-en-gb-old.txt': {
    info: { dateOrder: 'dmy' },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hi'),
      msg(2, '2025-02-14 08:08:00', 'Bruno', 'hello', { edited: true }),
    ],
  },
  'android-en-in-12h.txt': {
    info: { dateOrder: 'dmy', hour12: true },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hi'),
      msg(2, '2025-02-14 12:15:00', 'Bruno', 'lunch?'),
      msg(3, '2025-02-14 19:30:00', 'Carla', '', { type: 'deleted', deleted: true }),
    ],
  },
  'android-en-ca.txt': {
    info: { dateOrder: 'ymd', dateOrderReason: 'year-first', hour12: true },
    messages: [msg(1, '2025-02-14 08:07:00', 'Carla', 'hi'), msg(2, '2025-02-14 13:15:00', 'Bruno', 'hello')],
  },
  'android-en-za.txt': {
    info: { dateOrder: 'ymd' },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hi'),
      msg(2, '2025-02-14 20:30:00', 'Bruno', 'Missed voice call', { type: 'call' }),
    ],
  },
  'android-de.txt': {
    info: { dateOrder: 'dmy', localeHint: 'de' },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hallo'),
      msg(2, '2025-02-14 08:09:00', 'Bruno', '', omitted('unknown')),
      msg(3, '2025-02-14 08:10:00', 'Carla', '', {
        type: 'location',
        location: { url: 'https://maps.google.com/?q=52.5200,13.4050', lat: 52.52, lng: 13.405 },
      }),
    ],
  },
  'ios-de.txt': {
    info: { format: 'ios', dateOrder: 'dmy', localeHint: 'de' },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Carla', 'hallo'),
      msg(2, '2025-02-14 08:08:00', 'Carla', '', file('image', '00000003-PHOTO-2025-02-14-08-08-00.jpg')),
    ],
  },
  'ios-de-12h.txt': {
    info: { dateOrder: 'dmy', hour12: true },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Carla', 'hallo'),
      msg(2, '2025-02-14 23:33:03', 'Alice', 'gute Nacht'),
    ],
  },
  'android-es-es.txt': {
    info: { dateOrder: 'dmy', localeHint: 'es' },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hola'),
      msg(2, '2025-02-14 08:08:00', 'Bruno', '', omitted('unknown')),
      msg(3, '2025-03-03 10:00:00', 'Carla', '¿qué tal?'),
    ],
  },
  'android-es-co-12h.txt': {
    info: { dateOrder: 'dmy', hour12: true },
    messages: [
      msg(1, '2025-02-14 20:07:00', 'Carla', 'hola'),
      msg(2, '2025-02-14 20:09:00', 'Bruno', '¿cómo estás?'),
      msg(3, '2025-02-15 00:01:00', 'Carla', 'bien'),
    ],
  },
  'ios-es-12h.txt': {
    info: { format: 'ios', dateOrder: 'dmy', hour12: true },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Carla', 'hola'),
      msg(2, '2025-02-14 15:10:00', 'Bruno', 'adiós'),
    ],
  },
  'android-it.txt': {
    info: { dateOrder: 'dmy', localeHint: 'it' },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'ciao'),
      msg(2, '2025-02-14 08:08:00', 'Bruno', '', omitted('unknown')),
    ],
  },
  'android-dashes.txt': {
    info: { dateOrder: 'dmy' },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'hoi'),
      msg(2, '2025-02-14 08:09:00', 'Bruno', 'hallo\nhoe gaat het?'),
    ],
  },
  'android-fi.txt': {
    info: { dateOrder: 'dmy', hour12: false },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'moi'),
      msg(2, '2025-02-14 18:30:00', 'Bruno', 'moi moi'),
    ],
  },
  'ios-fi.txt': {
    info: { format: 'ios', dateOrder: 'dmy' },
    messages: [msg(1, '2025-02-14 08:07:31', 'Carla', 'moi'), msg(2, '2025-02-14 18:30:05', 'Bruno', 'hei')],
  },
  'android-id.txt': {
    info: { dateOrder: 'dmy' },
    messages: [
      msg(1, '2025-02-14 08:07:00', 'Carla', 'halo'),
      msg(2, '2025-02-14 08:10:00', 'Bruno', 'apa kabar?'),
    ],
  },
  'hr-spaced-dots.txt': {
    info: { format: 'android', dateOrder: 'dmy' },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Carla', 'bok'),
      msg(2, '2025-02-14 08:09:00', 'Bruno', 'bok, kako si?'),
    ],
  },
  'ios-zh.txt': {
    info: { format: 'ios', dateOrder: 'ymd', dateOrderReason: 'year-first' },
    messages: [
      msg(1, '2025-02-14 08:07:31', 'Li', '你好', { pushName: true }),
      msg(2, '2025-02-14 08:08:00', '王芳', '你好！'),
    ],
  },
  'ios-zh-12h.txt': {
    info: { dateOrder: 'ymd', hour12: true },
    messages: [
      msg(1, '2025-02-14 09:05:10', '王芳', '早上好'),
      msg(2, '2025-02-14 15:45:10', '王芳', '晚上见'),
    ],
  },
  'android-zh.txt': {
    info: { dateOrder: 'ymd' },
    messages: [msg(1, '2025-02-14 08:07:00', 'Li', '你好')],
  },
  'android-ar.txt': {
    info: { dateOrder: 'dmy', hour12: true },
    messages: [
      msg(1, '2025-02-14 20:07:00', 'Carla', 'مرحبا'),
      msg(2, '2025-02-14 21:15:00', 'Bruno', 'أهلا'),
    ],
  },
  'desktop-bracket-dash.txt': {
    info: { format: 'ios', dateOrder: 'mdy' },
    messages: [
      sys(1, '2025-02-14 20:07:31', '+358 40 1112223 added You'),
      msg(2, '2025-02-14 20:08:00', 'Carla', 'hi'),
    ],
  },
  'legacy-colon.txt': {
    info: { format: 'android', dateOrder: 'mdy', hour12: true },
    messages: [
      msg(1, '2014-02-14 20:07:31', 'Carla', 'hi'),
      msg(2, '2014-02-14 20:08:00', 'Bruno', 'hello: world'),
    ],
  },
  'ios-month-first-dots.txt': {
    info: { dateOrder: 'mdy', dateOrderReason: 'component>12' },
    messages: [msg(1, '2018-06-13 21:25:15', 'Carla', 'hi'), msg(2, '2018-06-13 21:26:00', 'Bruno', 'hey')],
  },
  'legacy-dots.txt': {
    info: { dateOrder: 'dmy' },
    messages: [msg(1, '2018-06-13 21:25:15', 'a', 'm'), msg(2, '2018-06-13 21:26:00', 'b', 'n')],
  },
  'android-en-notices.txt': {
    info: { dateOrder: 'mdy', localeHint: 'en' },
    messages: [
      sys(
        1,
        '2025-02-12 21:14:00',
        'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
      ),
      sys(2, '2025-02-12 21:15:00', 'You added Carla'),
      sys(3, '2025-02-12 21:16:00', 'Diego left'),
      sys(4, '2025-02-12 21:17:00', 'Bruno changed the subject from "Futebol" to "Futebol Quinta"'),
      sys(5, '2025-02-12 21:18:00', 'Bruno changed the group name from “A” to “B”'),
      sys(6, '2025-02-12 21:19:00', 'Your security code with Diego changed. Tap to learn more.'),
      sys(7, '2025-02-12 21:20:00', "~ Elisa joined using this group's invite link"),
      sys(8, '2025-02-12 21:21:00', '+55 31 98877-1122 added you to a group in the community: Bairro'),
      msg(9, '2025-02-13 08:00:00', 'Carla', 'morning'),
    ],
  },
  'ios-en-group-notices.txt': {
    info: { format: 'ios', dateOrder: 'dmy' },
    messages: [
      sys(
        1,
        '2025-02-12 21:14:02',
        'Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.',
      ),
      sys(2, '2025-02-12 21:14:05', 'Bruno created group “Futebol Quinta”'),
      sys(3, '2025-02-12 21:14:09', 'Bruno added you'),
      msg(4, '2025-02-12 21:15:00', 'Bruno', 'Bem-vindos!'),
      sys(5, '2025-02-12 21:16:00', 'Your security code with Diego changed. Tap to learn more.'),
      sys(6, '2025-02-13 07:00:00', 'Diego left'),
    ],
  },
};

describe('export catalogue fixtures', () => {
  for (const [name, expected] of Object.entries(CASES)) {
    it(name, () => {
      const parsed = parseExportText(readFileSync(join(DIR, name), 'utf8'));
      expect(parsed.messages.map(view)).toEqual(expected.messages);
      expect(parsed).toMatchObject(expected.info);
      expect(parsed.warnings).toEqual([]);
    });
  }
});
