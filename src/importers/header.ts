/**
 * Recognises the header that starts every exported message (see export-formats.md §1):
 *   Android  `14/02/2025 08:07 - Carla: hi`        iOS     `[14/02/2025, 08:07:31] Carla: hi`
 *   legacy   `2/14/14, 8:07:31 PM: Carla: hi`     hr/sr   `14. 2. 2025. 08:07:31 Carla: hi`
 * One precompiled expression covers every date order, separator and AM/PM spelling; the caller
 * decides which header styles and date order apply to the whole file.
 */

/** How the header ends: ` - ` (Android), `] ` (iOS), `: ` (legacy) or a bare space (hr/sr). */
export type HeaderStyle = 'dash' | 'bracket' | 'colon' | 'space';

/** Filled in place by matchHeader so the hot loop allocates nothing but the regex match. */
export interface HeaderFields {
  style: HeaderStyle;
  /** Date components in written order, and the digit counts of the outer ones (year detection). */
  a: number;
  b: number;
  c: number;
  aDigits: number;
  cDigits: number;
  hour: number;
  minute: number;
  second: number;
  meridiem: 'am' | 'pm' | null;
  /** Index in the line where the author/body part starts. */
  restStart: number;
}

export function newHeaderFields(): HeaderFields {
  return {
    style: 'dash',
    a: 0,
    b: 0,
    c: 0,
    aDigits: 0,
    cDigits: 0,
    hour: 0,
    minute: 0,
    second: 0,
    meridiem: null,
    restStart: 0,
  };
}

const SP = '[ \\u00a0\\u202f]';
const HEADER_RE = new RegExp(
  [
    '^[\\u200e\\u200f\\ufeff\\u202a-\\u202e\\u2066-\\u2069]*',
    '(\\[)?[\\u200e\\u200f]*', // 1: iOS bracket
    '(\\d{1,4})([./-]) ?(\\d{1,2})\\3 ?(\\d{1,4})\\.?', // 2 a, 3 separator, 4 b, 5 c
    `(?:[,\\u060c]${SP}*|${SP}+)(?:klo${SP}+)?`, // date-time gap: `, ` / ` ` / ` klo `
    '(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?', // 6 hour, 7 minute, 8 second
    // 9 a/p of AM PM am a.m. a. m. p.\u00a0m.; 10 German day periods
    `(?:${SP}*(?:([aApP])\\.?${SP}?[mM]\\.?|(vorm|nachm)\\.)(?![A-Za-z]))?`,
    // 11 `]` (+ optional ` - ` of desktop exports), dash, 12 legacy colon, 13 bare space
    `(?:(\\])${SP}?(?:-${SP})?|${SP}-(?:${SP}|$)|(:)${SP}?|(${SP}))`,
  ].join(''),
);

/** Parses the header at the start of line into out; false when the line is not a header. */
export function matchHeader(line: string, out: HeaderFields): boolean {
  const first = line.charCodeAt(0);
  // Cheap rejection of continuation lines: headers start with a digit, `[` or an invisible mark.
  if (!((first >= 48 && first <= 57) || first === 91 || first > 0x2000)) return false;
  const m = HEADER_RE.exec(line);
  if (m === null) return false;
  const open = m[1] !== undefined;
  const close = m[11] !== undefined;
  if (open !== close) return false;
  const hour = +m[6]!;
  const minute = +m[7]!;
  const second = m[8] === undefined ? 0 : +m[8];
  if (hour > 23 || minute > 59 || second > 59) return false;
  const a = m[2]!;
  const c = m[5]!;
  out.style = close ? 'bracket' : m[12] !== undefined ? 'colon' : m[13] !== undefined ? 'space' : 'dash';
  out.a = +a;
  out.b = +m[4]!;
  out.c = +c;
  out.aDigits = a.length;
  out.cDigits = c.length;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  const letter = m[9];
  out.meridiem =
    letter !== undefined
      ? letter === 'a' || letter === 'A'
        ? 'am'
        : 'pm'
      : m[10] === undefined
        ? null
        : m[10] === 'vorm'
          ? 'am'
          : 'pm';
  out.restStart = m[0].length;
  return true;
}

/** 24-hour value of a header hour: 12 AM -> 0, 1 PM -> 13; a marker on an hour > 12 is ignored. */
export function hour24(hour: number, meridiem: 'am' | 'pm' | null): number {
  if (meridiem === null || hour > 12) return hour;
  if (meridiem === 'am') return hour === 12 ? 0 : hour;
  return hour === 12 ? 12 : hour + 12;
}
