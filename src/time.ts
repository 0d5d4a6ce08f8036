import { InputError } from './errors.js';

/** UTC seconds in the store; ISO 8601 with the offset of the configured zone in output. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offsets cached per zone and quarter hour (zone transitions happen on quarter hours). */
const offsetCache = new Map<string, Map<number, number>>();

/** Offset of `timeZone` from UTC at the instant `seconds`, in minutes. */
export function offsetMinutes(seconds: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) offsetCache.set(timeZone, (zone = new Map()));
  const slot = Math.floor(seconds / 900);
  let offset = zone.get(slot);
  if (offset === undefined) {
    offset = Math.round(computeOffset(partsFormatter(timeZone), slot * 900) / 60);
    if (zone.size >= 100_000) zone.clear();
    zone.set(slot, offset);
  }
  return offset;
}

/** 2025-03-03T19:40:00-03:00 */
export function toIso(seconds: number, timeZone: string): string {
  const offset = offsetMinutes(seconds, timeZone);
  const local = new Date((seconds + offset * 60) * 1000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function toIsoOrNull(seconds: number | null | undefined, timeZone: string): string | null {
  return seconds === null || seconds === undefined ? null : toIso(seconds, timeZone);
}

/** A wall-clock time without zone, as exports carry it. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/*
 * Naive local times to UTC seconds in an IANA zone, using only Intl. Semantics follow Temporal's
 * `disambiguation: 'compatible'`: a time skipped by a spring-forward gap is read with the offset in
 * force before the gap; a time repeated by a fall-back fold is the earlier of the two instants.
 */
const DAY = 86_400;
/** Zone transitions happen on quarter hours, so offsets are cached per 15-minute UTC slot. */
const SLOT = 900;
const MAX_CACHED_SLOTS = 100_000;

/** Returns a converter bound to one zone; reuse it for many messages (it caches offsets). */
export function createLocalTimeConverter(timeZone: string): (local: WallClock) => number {
  // Building a formatter loads the zone's data (about a millisecond): one per zone is kept.
  const format = partsFormatter(timeZone);
  const offsets = new Map<number, number>();

  /** Offset (local minus UTC, seconds) in force at a UTC instant. */
  const offsetAt = (utcSeconds: number): number => {
    const slot = Math.floor(utcSeconds / SLOT);
    const cached = offsets.get(slot);
    if (cached !== undefined) return cached;
    const offset = computeOffset(format, slot * SLOT);
    if (offsets.size >= MAX_CACHED_SLOTS) offsets.clear();
    offsets.set(slot, offset);
    return offset;
  };

  /** Per local day: the offset when none changes from the day before to the day after, else NaN. */
  const steadyDays = new Map<number, number>();
  const steadyOffset = (day: number): number => {
    let offset = steadyDays.get(day);
    if (offset === undefined) {
      const before = offsetAt((day - 1) * DAY);
      offset = before === offsetAt((day + 2) * DAY) ? before : Number.NaN;
      if (steadyDays.size >= MAX_CACHED_SLOTS) steadyDays.clear();
      steadyDays.set(day, offset);
    }
    return offset;
  };

  return (local: WallClock): number => {
    const naive =
      Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) / 1000;
    // Most days hold no transition (zones change offset at most a few times a year).
    const steady = steadyOffset(Math.floor(naive / DAY));
    if (!Number.isNaN(steady)) return naive - steady;
    // Offsets a day before and after cover both sides of any transition near this time.
    const before = offsetAt(naive - DAY);
    const after = offsetAt(naive + DAY);
    const earlier = naive - before;
    const later = naive - after;
    const earlierFits = offsetAt(earlier) === before;
    const laterFits = offsetAt(later) === after;
    if (earlierFits && laterFits) return Math.min(earlier, later); // fold, or no transition
    if (earlierFits) return earlier;
    if (laterFits) return later;
    return earlier; // gap: keep the offset from before the transition
  };
}

/** Converts one naive local time in an IANA zone (e.g. 'America/Sao_Paulo') to UTC seconds. */
export function toUtcSeconds(local: WallClock, timeZone: string): number {
  return createLocalTimeConverter(timeZone)(local);
}

/** UTC seconds of a wall-clock time in `timeZone`. */
export function localToUtc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  timeZone: string,
): number {
  return createLocalTimeConverter(timeZone)({ year: y, month: mo, day: d, hour: h, minute: mi, second: s });
}

/** True when Intl knows the zone name. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function computeOffset(format: Intl.DateTimeFormat, utcSeconds: number): number {
  const fields: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(utcSeconds * 1000))) fields[part.type] = part.value;
  const wall = Date.UTC(
    Number(fields.year),
    Number(fields.month) - 1,
    Number(fields.day),
    Number(fields.hour),
    Number(fields.minute),
    Number(fields.second),
  );
  return wall / 1000 - utcSeconds;
}

/** True when y-mo-d is a day of the calendar (rejects 2025-02-30). */
function isCalendarDate(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const RELATIVE = /^(\d{1,5})\s*(m(?:in)?|h|d|w|mo|y)$/i;
const UNIT_SECONDS: Record<string, number> = {
  m: 60,
  min: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  mo: 2629800,
  y: 31557600,
};

/**
 * Parses since/until values: ISO dates (2025-03-01, local midnight in `timeZone`), ISO date-times
 * (with or without offset) and relative spans before now (30m, 24h, 7d, 2w, 3mo, 1y).
 */
export function parseTimeInput(
  value: string,
  field: string,
  timeZone: string,
  now: number = Math.floor(Date.now() / 1000),
): number {
  const text = value.trim();
  const rel = RELATIVE.exec(text);
  if (rel) return now - Number(rel[1]) * UNIT_SECONDS[rel[2]!.toLowerCase()]!;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [y, mo, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (isCalendarDate(y, mo, d)) return localToUtc(y, mo, d, 0, 0, 0, timeZone);
  }
  const dt = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    text,
  );
  if (dt) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (isCalendarDate(y, mo, d) && h < 24 && mi < 60 && s < 60) {
      const zone = dt[7];
      if (!zone) return localToUtc(y, mo, d, h, mi, s, timeZone);
      const off = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
      const offsetSeconds = off
        ? (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 3600 + Number(off[3]) * 60)
        : 0;
      return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offsetSeconds;
    }
  }
  throw new InputError(
    `${field} "${value.slice(0, 40)}" is not a date.`,
    `Use an ISO date (2025-03-01), a date-time (2025-03-01T14:30 or with offset -03:00), or a span before now (30m, 24h, 7d, 2w, 3mo, 1y).`,
  );
}
