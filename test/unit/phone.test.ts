import { describe, expect, it } from 'vitest';
import {
  formatPhone,
  looksLikePhone,
  normalisePhone,
  phoneFromWaId,
  phoneVariants,
  waIdsForPhone,
} from '../../src/linking/phone.js';

describe('normalisePhone', () => {
  it.each([
    ['+55 (31) 99876-5432', '+5531998765432'],
    ['+55 31 99876-5432', '+5531998765432'],
    ['+5531998765432', '+5531998765432'],
    ['5531998765432', '+5531998765432'],
    ['31 99876-5432', '+5531998765432'],
    ['(31) 99876-5432', '+5531998765432'],
    ['31998765432', '+5531998765432'],
    ['031 99876 5432', '+5531998765432'],
    ['+55.31.99876.5432', '+5531998765432'],
  ])('reads %j as a Brazilian mobile', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each([
    ['+55 31 9876-5432', '+5531998765432'],
    ['553198765432', '+5531998765432'],
    ['31 9876-5432', '+5531998765432'],
    ['(21) 8765-4321', '+5521987654321'],
  ])('adds the ninth digit to the old 8-digit mobile %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it('leaves landlines (2-5 after the area code) without a ninth digit', () => {
    expect(normalisePhone('+55 31 3344-5566')).toBe('+553133445566');
    expect(normalisePhone('(31) 3344-5566')).toBe('+553133445566');
    expect(normalisePhone('553133445566')).toBe('+553133445566');
  });

  it('ignores bidi marks that WhatsApp puts around numbers and non-breaking hyphens', () => {
    expect(normalisePhone('\u202a+55 31 3344-5566\u202c')).toBe('+553133445566');
    expect(normalisePhone('\u200e+55 31 99876-5432\u200f')).toBe('+5531998765432');
    expect(normalisePhone('+55\u00a031\u00a099876\u20115432')).toBe('+5531998765432');
    expect(normalisePhone('31\u201199876\u20115432')).toBe('+5531998765432');
  });

  it('reads numbers of other countries written with their code', () => {
    expect(normalisePhone('+1 415 555 2671')).toBe('+14155552671');
    expect(normalisePhone('+351 912 345 678')).toBe('+351912345678');
    expect(normalisePhone('351912345678')).toBe('+351912345678');
  });

  it('uses the default country for national numbers', () => {
    expect(normalisePhone('912 345 678', 'PT')).toBe('+351912345678');
    expect(normalisePhone('(415) 555-2671', 'us')).toBe('+14155552671');
  });

  it.each([
    '',
    'abc',
    '12345',
    'João 31 99876-5432',
    '31 99876-5432 ramal 2',
    '1234567890123456',
    '+55 31 99876-5432@c.us',
  ])('returns null for %j', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});

describe('looksLikePhone', () => {
  it('accepts phone characters with 8 to 15 digits', () => {
    expect(looksLikePhone('+55 (31) 99876-5432')).toBe(true);
    expect(looksLikePhone('\u202a+55 31 3344-5566\u202c')).toBe(true);
    expect(looksLikePhone('9987-6543')).toBe(true);
    expect(looksLikePhone('1234567')).toBe(false);
    expect(looksLikePhone('1234567890123456')).toBe(false);
    expect(looksLikePhone('Boi Gaúcho')).toBe(false);
    expect(looksLikePhone('OS 30415')).toBe(false);
  });
});

describe('phoneVariants', () => {
  it('gives a Brazilian mobile with and without the ninth digit', () => {
    expect(phoneVariants('+5531998765432')).toEqual(['+5531998765432', '+553198765432']);
  });

  it('gives only the number itself for landlines and other countries', () => {
    expect(phoneVariants('+553133445566')).toEqual(['+553133445566']);
    expect(phoneVariants('+14155552671')).toEqual(['+14155552671']);
  });

  it('maps to the @c.us ids WhatsApp may use', () => {
    expect(waIdsForPhone('+5531998765432')).toEqual(['5531998765432@c.us', '553198765432@c.us']);
    expect(waIdsForPhone('+553133445566')).toEqual(['553133445566@c.us']);
  });
});

describe('phoneFromWaId', () => {
  it('reads personal ids, adding the ninth digit to old ones', () => {
    expect(phoneFromWaId('5531998765432@c.us')).toBe('+5531998765432');
    expect(phoneFromWaId('553198765432@c.us')).toBe('+5531998765432');
    expect(phoneFromWaId('553133445566@c.us')).toBe('+553133445566');
    expect(phoneFromWaId('14155552671@s.whatsapp.net')).toBe('+14155552671');
  });

  it('returns null for groups, hidden @lid ids and junk', () => {
    expect(phoneFromWaId('120363025555555555@g.us')).toBeNull();
    expect(phoneFromWaId('99887766554433@lid')).toBeNull();
    expect(phoneFromWaId('status@broadcast')).toBeNull();
    expect(phoneFromWaId('export:Pedro Santos')).toBeNull();
    expect(phoneFromWaId('5531998765432')).toBeNull();
  });
});

describe('formatPhone', () => {
  it('writes Brazilian numbers the way people read them', () => {
    expect(formatPhone('+5531998765432')).toBe('+55 31 99876-5432');
    expect(formatPhone('+553133445566')).toBe('+55 31 3344-5566');
  });

  it('uses the international format elsewhere and leaves junk alone', () => {
    expect(formatPhone('+14155552671')).toBe('+1 415 555 2671');
    expect(formatPhone('+351912345678')).toBe('+351 912 345 678');
    expect(formatPhone('not a phone')).toBe('not a phone');
  });

  it('round-trips through normalisePhone', () => {
    for (const e164 of ['+5531998765432', '+553133445566', '+14155552671', '+351912345678']) {
      expect(normalisePhone(formatPhone(e164))).toBe(e164);
    }
  });
});
