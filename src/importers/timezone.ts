/**
 * Naive local times (what exports carry) to UTC seconds in an IANA zone, using only Intl.
 * Semantics follow Temporal's `disambiguation: 'compatible'`: a time skipped by a spring-forward
 * gap is read with the offset in force before the gap (00:30 in a 00:00->01:00 gap becomes 01:30
 * new time); a time repeated by a fall-back fold is the earlier of the two instants.
 */
import type { LocalDateTime } from './types.js';

const DAY = 86_400;
/** Zone transitions happen on quarter hours, so offsets are cached per 15-minute UTC slot. */
const SLOT = 900;
const MAX_CACHED_SLOTS = 100_000;

/** Returns a converter bound to one zone; reuse it for many messages (it caches offsets). */
export function createLocalTimeConverter(timeZone: string): (local: LocalDateTime) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
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

  return (local: LocalDateTime): number => {
    const naive =
      Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) / 1000;
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
export function toUtcSeconds(local: LocalDateTime, timeZone: string): number {
  return createLocalTimeConverter(timeZone)(local);
}

/** True when Intl knows the zone name. */
export function isValidTimeZone(timeZone: string): boolean {
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
