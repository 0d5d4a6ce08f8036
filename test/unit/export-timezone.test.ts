/** Naive export times to UTC across DST changes, and the identity helpers built on them. */
import { describe, expect, it } from 'vitest';
import {
  exportMessageId,
  normaliseAuthorForMatch,
  normaliseForMatch,
  OrdinalCounter,
} from '../../src/importers/identity.js';
import { createLocalTimeConverter, isValidTimeZone, toUtcSeconds } from '../../src/importers/timezone.js';
import type { LocalDateTime } from '../../src/importers/types.js';

const local = (iso: string): LocalDateTime => {
  const [year, month, day, hour, minute, second] = iso.split(/[-T:]/).map(Number) as number[];
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second ?? 0 };
};
const utc = (iso: string): number => Date.parse(`${iso}Z`) / 1000;

describe('toUtcSeconds', () => {
  it.each([
    // São Paulo 2018: DST began 2018-11-04 00:00 (-03 -> -02) and ended 2018-02-18 00:00 (-02 -> -03).
    ['America/Sao_Paulo', '2018-11-03T23:59:00', '2018-11-04T02:59:00'],
    ['America/Sao_Paulo', '2018-11-04T00:30:00', '2018-11-04T03:30:00'], // in the gap: read as 01:30 -02
    ['America/Sao_Paulo', '2018-11-04T01:00:00', '2018-11-04T03:00:00'],
    ['America/Sao_Paulo', '2018-02-17T23:30:00', '2018-02-18T01:30:00'], // repeated hour: the first one
    ['America/Sao_Paulo', '2018-02-18T00:30:00', '2018-02-18T03:30:00'],
    ['America/Sao_Paulo', '2025-07-01T12:00:00', '2025-07-01T15:00:00'], // no DST since 2019
    ['Europe/Berlin', '2025-03-30T01:59:00', '2025-03-30T00:59:00'],
    ['Europe/Berlin', '2025-03-30T02:30:00', '2025-03-30T01:30:00'], // gap: 03:30 CEST
    ['Europe/Berlin', '2025-03-30T03:00:00', '2025-03-30T01:00:00'],
    ['Europe/Berlin', '2025-10-26T02:30:00', '2025-10-26T00:30:00'], // fold: the CEST one
    ['Europe/Berlin', '2025-10-26T03:00:00', '2025-10-26T02:00:00'],
    ['Asia/Tokyo', '2025-02-14T08:07:31', '2025-02-13T23:07:31'],
    ['Asia/Kathmandu', '2025-02-14T08:07:00', '2025-02-14T02:22:00'],
    ['UTC', '2025-02-14T08:07:00', '2025-02-14T08:07:00'],
  ])('%s %s', (zone, wall, expected) => {
    expect(toUtcSeconds(local(wall), zone)).toBe(utc(expected));
  });

  it('converts a year of minutes consistently with a reusable converter', () => {
    const convert = createLocalTimeConverter('America/Sao_Paulo');
    let previous = -Infinity;
    for (let t = utc('2018-01-01T00:00:00'); t < utc('2019-01-01T00:00:00'); t += 3 * 3600 + 7 * 60) {
      const d = new Date(t * 1000);
      const seconds = convert({
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: 0,
      });
      expect(seconds).toBeGreaterThan(previous);
      previous = seconds;
    }
  });

  it('validates zone names', () => {
    expect(isValidTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('export message identity', () => {
  it('is the time and a stable short hash of chat, time, author, text and ordinal', () => {
    const id = exportMessageId('5531998765432@c.us', 1739520451, 'Carla', 'bom dia', 0);
    expect(id).toMatch(/^exp-[0-9a-z]{7}[0-9a-f]{16}$/);
    expect(parseInt(id.slice(4, 11), 36)).toBe(1739520451);
    expect(exportMessageId('5531998765432@c.us', 1739520451, 'Carla', 'bom dia', 0)).toBe(id);
    expect(exportMessageId('5531998765432@c.us', 1739520451, 'Carla', 'bom dia', 1)).not.toBe(id);
    expect(exportMessageId('5531998765432@c.us', 1739520452, 'Carla', 'bom dia', 0)).not.toBe(id);
    expect(exportMessageId('5531998765432@c.us', 1739520451, null, 'bom dia', 0)).not.toBe(id);
  });

  it('sorts in time order within a chat', () => {
    const times = [0, 35, 1_000_000, 1739520451, 1739520452, 4_000_000_000];
    const ids = times.map((t) => exportMessageId('x@g.us', t, 'Carla', `m${t % 7}`, 0));
    expect([...ids].sort()).toEqual(ids);
  });

  it('numbers identical messages within the same second', () => {
    const counter = new OrdinalCounter();
    expect([
      counter.next(10, 'Carla', 'ok'),
      counter.next(10, 'Carla', 'ok'),
      counter.next(10, 'Bruno', 'ok'),
      counter.next(11, 'Carla', 'ok'),
    ]).toEqual([0, 1, 0, 0]);
  });

  it('normalises text for matching an exported message with its API copy', () => {
    expect(normaliseForMatch('Orçamento  da OS\n30415 <Mensagem editada>')).toBe('orcamento da os 30415');
    expect(normaliseForMatch('@\u2068Rafael Lima\u2069\u00a0chegou?')).toBe('@rafael lima chegou?');
    expect(normaliseForMatch('👍')).not.toBe(normaliseForMatch('😂'));
    expect(normaliseAuthorForMatch('~\u202fJosé')).toBe('jose');
  });
});
