import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { localToUtc, offsetMinutes, parseTimeInput, toIso, toIsoOrNull } from '../../src/time.js';
import { at } from '../helpers/tmp.js';

const SP = 'America/Sao_Paulo';
const BERLIN = 'Europe/Berlin';
const NOW = at('2025-06-15T12:00:00Z');

describe('toIso', () => {
  it('writes UTC with Z and other zones with their offset', () => {
    const t = at('2025-03-03T22:40:00Z');
    expect(toIso(t, 'UTC')).toBe('2025-03-03T22:40:00Z');
    expect(toIso(t, SP)).toBe('2025-03-03T19:40:00-03:00');
    expect(toIso(t, BERLIN)).toBe('2025-03-03T23:40:00+01:00');
    expect(toIso(t, 'Asia/Kolkata')).toBe('2025-03-04T04:10:00+05:30');
    expect(toIso(t, 'America/St_Johns')).toBe('2025-03-03T19:10:00-03:30');
  });

  it('follows São Paulo daylight saving time of 2018 (starts 4 Nov, 00:00 -> 01:00)', () => {
    expect(toIso(at('2018-11-04T02:59:59Z'), SP)).toBe('2018-11-03T23:59:59-03:00');
    expect(toIso(at('2018-11-04T03:00:00Z'), SP)).toBe('2018-11-04T01:00:00-02:00');
    // ...and its end on 17 Feb 2019 (00:00 -> 23:00 of the day before).
    expect(toIso(at('2019-02-17T01:59:59Z'), SP)).toBe('2019-02-16T23:59:59-02:00');
    expect(toIso(at('2019-02-17T02:00:00Z'), SP)).toBe('2019-02-16T23:00:00-03:00');
    // Brazil abolished DST in 2019: November 2019 stays at -03:00.
    expect(toIso(at('2019-11-10T12:00:00Z'), SP)).toBe('2019-11-10T09:00:00-03:00');
  });

  it('follows Berlin summer time (31 Mar and 27 Oct 2024)', () => {
    expect(toIso(at('2024-03-31T00:59:59Z'), BERLIN)).toBe('2024-03-31T01:59:59+01:00');
    expect(toIso(at('2024-03-31T01:00:00Z'), BERLIN)).toBe('2024-03-31T03:00:00+02:00');
    expect(toIso(at('2024-10-27T00:30:00Z'), BERLIN)).toBe('2024-10-27T02:30:00+02:00');
    expect(toIso(at('2024-10-27T01:30:00Z'), BERLIN)).toBe('2024-10-27T02:30:00+01:00');
  });

  it('gives offsets in minutes and passes null through', () => {
    expect(offsetMinutes(at('2018-12-01T12:00:00Z'), SP)).toBe(-120);
    expect(offsetMinutes(at('2025-12-01T12:00:00Z'), SP)).toBe(-180);
    expect(offsetMinutes(at('2025-07-01T12:00:00Z'), BERLIN)).toBe(120);
    expect(toIsoOrNull(null, SP)).toBeNull();
    expect(toIsoOrNull(undefined, SP)).toBeNull();
    expect(toIsoOrNull(0, 'UTC')).toBe('1970-01-01T00:00:00Z');
  });
});

describe('localToUtc', () => {
  it('converts wall-clock times of a zone', () => {
    expect(localToUtc(2025, 3, 1, 14, 30, 0, SP)).toBe(at('2025-03-01T14:30:00-03:00'));
    expect(localToUtc(2024, 7, 1, 12, 0, 0, BERLIN)).toBe(at('2024-07-01T12:00:00+02:00'));
  });

  it('reads a time repeated by a fall-back fold as the earlier instant', () => {
    expect(localToUtc(2024, 10, 27, 2, 30, 0, BERLIN)).toBe(at('2024-10-27T02:30:00+02:00'));
    expect(localToUtc(2019, 2, 16, 23, 30, 0, SP)).toBe(at('2019-02-16T23:30:00-02:00'));
  });

  it('moves a time skipped by a spring-forward gap forward, whatever the sign of the offset', () => {
    expect(localToUtc(2024, 3, 31, 2, 30, 0, BERLIN)).toBe(at('2024-03-31T03:30:00+02:00'));
    // São Paulo skipped 2018-11-04 00:00-01:00: midnight of that day is 01:00 -02:00.
    expect(localToUtc(2018, 11, 4, 0, 0, 0, SP)).toBe(at('2018-11-04T01:00:00-02:00'));
    expect(localToUtc(2018, 11, 4, 0, 30, 0, SP)).toBe(at('2018-11-04T01:30:00-02:00'));
  });
});

describe('parseTimeInput', () => {
  it('reads an ISO date as local midnight in the zone', () => {
    expect(parseTimeInput('2025-03-01', 'since', SP, NOW)).toBe(at('2025-03-01T00:00:00-03:00'));
    expect(parseTimeInput('2025-03-01', 'since', 'UTC', NOW)).toBe(at('2025-03-01T00:00:00Z'));
    expect(parseTimeInput(' 2024-07-01 ', 'since', BERLIN, NOW)).toBe(at('2024-07-01T00:00:00+02:00'));
  });

  it('reads the date of a DST change as the first instant of that day', () => {
    const since = parseTimeInput('2018-11-04', 'since', SP, NOW);
    expect(toIso(since, SP)).toBe('2018-11-04T01:00:00-02:00');
    expect(parseTimeInput('2024-03-31', 'since', BERLIN, NOW)).toBe(at('2024-03-31T00:00:00+01:00'));
  });

  it('reads date-times without an offset in the zone', () => {
    expect(parseTimeInput('2025-03-01T14:30', 'since', SP, NOW)).toBe(at('2025-03-01T14:30:00-03:00'));
    expect(parseTimeInput('2025-03-01 14:30:15', 'since', SP, NOW)).toBe(at('2025-03-01T14:30:15-03:00'));
    expect(parseTimeInput('2025-03-01T14:30:15.250', 'since', SP, NOW)).toBe(at('2025-03-01T14:30:15-03:00'));
  });

  it('reads date-times with an offset or Z as given, whatever the zone', () => {
    expect(parseTimeInput('2025-03-01T14:30:00Z', 'since', SP, NOW)).toBe(at('2025-03-01T14:30:00Z'));
    expect(parseTimeInput('2025-03-01T14:30:00+01:00', 'since', SP, NOW)).toBe(at('2025-03-01T13:30:00Z'));
    expect(parseTimeInput('2025-03-01T14:30-0300', 'until', BERLIN, NOW)).toBe(at('2025-03-01T17:30:00Z'));
  });

  it('reads relative spans before now', () => {
    expect(parseTimeInput('30m', 'since', SP, NOW)).toBe(NOW - 30 * 60);
    expect(parseTimeInput('30min', 'since', SP, NOW)).toBe(NOW - 30 * 60);
    expect(parseTimeInput('24h', 'since', SP, NOW)).toBe(NOW - 24 * 3600);
    expect(parseTimeInput('7d', 'since', SP, NOW)).toBe(NOW - 7 * 86400);
    expect(parseTimeInput('7 D', 'since', SP, NOW)).toBe(NOW - 7 * 86400);
    expect(parseTimeInput('2w', 'since', SP, NOW)).toBe(NOW - 14 * 86400);
    // Months and years are average lengths (30.4375 and 365.25 days).
    expect(parseTimeInput('3mo', 'since', SP, NOW)).toBe(NOW - 3 * 2_629_800);
    expect(parseTimeInput('1y', 'since', SP, NOW)).toBe(NOW - 31_557_600);
  });

  it.each([
    'yesterday',
    'ontem',
    '7',
    '7x',
    '-7d',
    '2025-13-01',
    '2025-00-10',
    '2025-02-30',
    '2025-04-31',
    '2025-03-32',
    '2025-03-01T24:00',
    '2025-03-01T12:60',
    '01/03/2025',
    '2025-3-1',
    '',
  ])('rejects %j with an InputError naming the field', (value) => {
    let error: unknown;
    try {
      parseTimeInput(value, 'until', SP, NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^until ".*" is not a date\.$/);
    expect((error as InputError).hint).toMatch(/2025-03-01.*7d/);
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseTimeInput('2024-02-29', 'since', 'UTC', NOW)).toBe(at('2024-02-29T00:00:00Z'));
    expect(() => parseTimeInput('2025-02-29', 'since', 'UTC', NOW)).toThrow(InputError);
  });
});
