/** Metadata read from export file names. */
import { describe, expect, it } from 'vitest';
import { parseExportFileName } from '../../src/importers/filename.js';

describe('parseExportFileName', () => {
  it.each([
    ['WhatsApp Chat with Carla Mendes.txt', { chatName: 'Carla Mendes', localeHint: 'en' }],
    ['WhatsApp Chat with Carla Mendes.zip', { chatName: 'Carla Mendes', localeHint: 'en' }],
    ['Conversa do WhatsApp com Carla Mendes.txt', { chatName: 'Carla Mendes', localeHint: 'pt' }],
    ['Conversa no WhatsApp com Boi Gaúcho.zip', { chatName: 'Boi Gaúcho', localeHint: 'pt' }],
    ['WhatsApp Chat - Futebol Quinta.zip', { chatName: 'Futebol Quinta', localeHint: 'en' }],
    ['Chat de WhatsApp con Ana.txt', { chatName: 'Ana', localeHint: 'es' }],
    ['Chat WhatsApp con Giulia.txt', { chatName: 'Giulia', localeHint: 'it' }],
    ['WhatsApp Chat mit Jonas.txt', { chatName: 'Jonas', localeHint: 'de' }],
    ['Discussion WhatsApp avec Léa.txt', { chatName: 'Léa', localeHint: 'fr' }],
    ['WhatsApp_Chat_with_Carla_Mendes.txt', { chatName: 'Carla Mendes', localeHint: 'en' }],
    ['Conversa do WhatsApp com Carla Mendes (1).txt', { chatName: 'Carla Mendes', localeHint: 'pt' }],
    ['/exports/2025/WhatsApp Chat with 🌻 Ana.txt', { chatName: '🌻 Ana', localeHint: 'en' }],
    ['WhatsApp Chat with +55 31 99876-5432.txt', { chatName: '+55 31 99876-5432', phone: '5531998765432' }],
    ['_chat.txt', { chatName: null }],
    ['notes.txt', { chatName: null }],
  ])('%s', (name, expected) => {
    expect(parseExportFileName(name)).toMatchObject(expected);
  });

  const date = { year: 2025, month: 1, day: 15, hour: 10, minute: 30, second: 0 };
  it.each([
    ['WhatsApp - 2025-01-15 10 30 00 - Carla Mendes.txt', { chatName: 'Carla Mendes', fileDate: date }],
    [
      'WhatsApp - 2025-01-15 10 30 00 - +55 31 99876-5432.txt',
      { chatName: '+55 31 99876-5432', fileDate: date, phone: '5531998765432' },
    ],
    [
      'WhatsApp - 2025-01-15 10 30 00 - Boi Gaúcho OS 30415.txt',
      { chatName: 'Boi Gaúcho OS 30415', fileDate: date, orderRef: '30415' },
    ],
    ['WhatsApp - 2025-01-15 10 30 00 - Ana OS: 30415.txt', { orderRef: '30415' }],
    ['WhatsApp - 2025-01-15 10 30 00 - Ana OS-30415.txt', { orderRef: '30415' }],
    ['WhatsApp - 2025-01-15 10 30 00 - Ana OS nº 30415.txt', { orderRef: '30415' }],
    [
      'WhatsApp - 2025-01-15 10 30 00 - Oficina 31 3344-5566 OS 30415.txt',
      { orderRef: '30415', phone: '553133445566' },
    ],
  ])('business convention: %s', (name, expected) => {
    expect(parseExportFileName(name)).toMatchObject(expected);
  });

  it('does not take an order number or a plain name for a phone number', () => {
    const info = parseExportFileName('WhatsApp - 2025-01-15 10 30 00 - Posto OS 30415.txt');
    expect(info.phone).toBeUndefined();
    expect(parseExportFileName('WhatsApp Chat with Carla.txt').phone).toBeUndefined();
    expect(parseExportFileName('WhatsApp - 2025-01-15 10 30 00 - Pedidos 2025.txt').orderRef).toBeUndefined();
  });
});
