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

/** Offset of `timeZone` from UTC at the instant `seconds`, in minutes. */
export function offsetMinutes(seconds: number, timeZone: string): number {
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(new Date(seconds * 1000))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc / 1000 - seconds) / 60);
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

/**
 * UTC seconds of a wall-clock time in `timeZone`: the earlier instant when a DST fold repeats it, and
 * read with the offset from before the change when a DST gap skips it (as Temporal's 'compatible').
 */
export function localToUtc(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  timeZone: string,
): number {
  const naive = Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
  // The offsets a day before and after cover both sides of any transition near this time.
  const before = offsetMinutes(naive - 86_400, timeZone) * 60;
  const after = offsetMinutes(naive + 86_400, timeZone) * 60;
  const earlier = naive - before;
  const later = naive - after;
  const earlierFits = offsetMinutes(earlier, timeZone) * 60 === before;
  const laterFits = offsetMinutes(later, timeZone) * 60 === after;
  if (earlierFits && laterFits) return Math.min(earlier, later);
  if (laterFits && !earlierFits) return later;
  return earlier;
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
