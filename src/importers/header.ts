/**
 * Recognises the header that starts every exported message (see export-formats.md §1):
 *   Android  `14/02/2025 08:07 - Carla: hi`        iOS     `[14/02/2025, 08:07:31] Carla: hi`
 *   legacy   `2/14/14, 8:07:31 PM: Carla: hi`     hr/sr   `14. 2. 2025. 08:07:31 Carla: hi`
 * Grammar (spaces = ASCII, NBSP or NNBSP):
 *   marks* `[`? date gap time meridiem? tail
 *   date     = d{1,4} sep space? d{1,2} sep space? d{1,4} `.`?      sep = one of `/ . -`, same twice
 *   gap      = `,`|`،` spaces* | spaces+, then optionally `klo` spaces+, then optionally a zh/ko
 *              day period (`下午`, `오후`) written before the time
 *   time     = d{1,2} (`:`|`.`) d{2} ((`:`|`.`) d{2})?
 *   meridiem = spaces* (a|p) `.`? space? m `.`? | `vorm.` | `nachm.` | ar `ص` `م` — not followed
 *              by a letter
 * Digits may be ASCII or Arabic-Indic.
 *   tail     = `]` space? (`-` space)? | space `-` (space|end) | `:` space? | space
 * It is a hand-written scanner rather than a regular expression because it runs on every line of
 * both passes: it allocates nothing and reads each character once. The caller decides which header
 * styles and which date order apply to the whole file.
 */

/** How the header ends: ` - ` (Android), `] ` (iOS), `: ` (legacy) or a bare space (hr/sr). */
export type HeaderStyle = 'dash' | 'bracket' | 'colon' | 'space';

/** Filled in place by matchHeader. */
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

const isAsciiDigit = (c: number): boolean => c >= 48 && c <= 57;
/** ASCII, Arabic-Indic (U+0660) and Eastern Arabic-Indic (U+06F0) digits. */
const isDigit = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9);
const digitValue = (c: number): number => (c <= 57 ? c - 48 : c <= 0x669 ? c - 0x660 : c - 0x6f0);
const isSpace = (c: number): boolean => c === 32 || c === 0xa0 || c === 0x202f;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLeadingMark = (c: number): boolean =>
  c === 0x200e ||
  c === 0x200f ||
  c === 0xfeff ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069);

/** Scanner state: the line and a cursor, plus the number most recently read. */
class Cursor {
  line = '';
  i = 0;
  value = 0;

  at(offset = 0): number {
    return this.line.charCodeAt(this.i + offset);
  }

  /** Reads min..max digits into value; returns how many were read (0 when fewer than min). */
  digits(min: number, max: number): number {
    let n = 0;
    let value = 0;
    while (n < max) {
      const c = this.line.charCodeAt(this.i + n);
      if (!isDigit(c)) break;
      value = value * 10 + digitValue(c);
      n++;
    }
    if (n < min || isDigit(this.line.charCodeAt(this.i + n))) return 0;
    this.i += n;
    this.value = value;
    return n;
  }

  skipSpaces(): number {
    const start = this.i;
    while (isSpace(this.line.charCodeAt(this.i))) this.i++;
    return this.i - start;
  }
}

/** zh and ko write the day period before the time: `下午3:45`, `오후 3:45`. */
const PERIODS_BEFORE_TIME: ReadonlyMap<string, 'am' | 'pm'> = new Map([
  ['上午', 'am'],
  ['下午', 'pm'],
  ['오전', 'am'],
  ['오후', 'pm'],
]);
const isArabicLetter = (c: number): boolean => c >= 0x620 && c <= 0x64a;

/** Reusable per parser; not shared between concurrent parsers. */
export class HeaderMatcher {
  private readonly cursor = new Cursor();
  private leadingMeridiem: 'am' | 'pm' | null = null;

  /** Parses the header at the start of line into out; false when the line is not a header. */
  match(line: string, out: HeaderFields): boolean {
    const first = line.charCodeAt(0);
    // Cheap rejection of continuation lines: headers start with a digit, `[` or an invisible mark.
    if (!(isAsciiDigit(first) || first === 91 || first > 0x2000 || isDigit(first))) return false;
    const k = this.cursor;
    k.line = line;
    k.i = 0;
    while (isLeadingMark(k.at())) k.i++;
    const open = k.at() === 91;
    if (open) {
      k.i++;
      while (k.at() === 0x200e || k.at() === 0x200f) k.i++;
    }
    if (!this.date(out) || !this.gap() || !this.time(out)) return false;
    this.meridiem(out);
    return this.tail(open, out);
  }

  private date(out: HeaderFields): boolean {
    const k = this.cursor;
    out.aDigits = k.digits(1, 4);
    if (out.aDigits === 0) return false;
    out.a = k.value;
    const sep = k.at();
    if (sep !== 47 && sep !== 46 && sep !== 45) return false;
    k.i++;
    if (k.at() === 32) k.i++;
    if (k.digits(1, 2) === 0 || k.at() !== sep) return false;
    out.b = k.value;
    k.i++;
    if (k.at() === 32) k.i++;
    out.cDigits = k.digits(1, 4);
    if (out.cDigits === 0) return false;
    out.c = k.value;
    if (k.at() === 46) k.i++;
    return true;
  }

  private gap(): boolean {
    const k = this.cursor;
    const c = k.at();
    if (c === 44 || c === 0x060c) {
      k.i++;
      k.skipSpaces();
    } else if (k.skipSpaces() === 0) {
      return false;
    }
    if (k.at() === 107 && k.line.startsWith('klo', k.i) && isSpace(k.at(3))) {
      k.i += 3;
      k.skipSpaces();
    }
    this.leadingMeridiem = null;
    const c2 = k.at();
    if (c2 === 0x4e0a || c2 === 0x4e0b || c2 === 0xc624) {
      this.leadingMeridiem = PERIODS_BEFORE_TIME.get(k.line.slice(k.i, k.i + 2)) ?? null;
      if (this.leadingMeridiem !== null) {
        k.i += 2;
        k.skipSpaces();
      }
    }
    return true;
  }

  private time(out: HeaderFields): boolean {
    const k = this.cursor;
    if (k.digits(1, 2) === 0 || k.value > 23) return false;
    out.hour = k.value;
    let c = k.at();
    if (c !== 58 && c !== 46) return false;
    k.i++;
    if (k.digits(2, 2) === 0 || k.value > 59) return false;
    out.minute = k.value;
    out.second = 0;
    c = k.at();
    if ((c === 58 || c === 46) && isDigit(k.at(1))) {
      k.i++;
      if (k.digits(2, 2) === 0 || k.value > 59) return false;
      out.second = k.value;
    }
    return true;
  }

  /** Optional AM/PM in any spelling; leaves the cursor untouched when there is none. */
  private meridiem(out: HeaderFields): void {
    const k = this.cursor;
    out.meridiem = this.leadingMeridiem;
    if (out.meridiem !== null) return;
    const start = k.i;
    k.skipSpaces();
    const arabic = k.at();
    if ((arabic === 0x635 || arabic === 0x645) && !isArabicLetter(k.at(1))) {
      out.meridiem = arabic === 0x635 ? 'am' : 'pm';
      k.i++;
      return;
    }
    const letter = k.at() | 0x20;
    if (letter === 97 || letter === 112) {
      let j = k.i + 1;
      if (k.line.charCodeAt(j) === 46) j++;
      if (isSpace(k.line.charCodeAt(j))) j++;
      if ((k.line.charCodeAt(j) | 0x20) === 109) {
        j++;
        if (k.line.charCodeAt(j) === 46) j++;
        if (!isLetter(k.line.charCodeAt(j))) {
          out.meridiem = letter === 97 ? 'am' : 'pm';
          k.i = j;
          return;
        }
      }
    } else if (k.line.startsWith('vorm.', k.i) || k.line.startsWith('nachm.', k.i)) {
      out.meridiem = letter === 118 ? 'am' : 'pm';
      k.i += letter === 118 ? 5 : 6;
      return;
    }
    k.i = start;
  }

  private tail(open: boolean, out: HeaderFields): boolean {
    const k = this.cursor;
    const c = k.at();
    if (open !== (c === 93)) return false;
    if (open) {
      k.i++;
      if (isSpace(k.at())) k.i++;
      if (k.at() === 45 && isSpace(k.at(1))) k.i += 2;
      out.style = 'bracket';
    } else if (isSpace(c) && k.at(1) === 45 && (isSpace(k.at(2)) || k.i + 2 === k.line.length)) {
      k.i += Math.min(3, k.line.length - k.i);
      out.style = 'dash';
    } else if (c === 58) {
      k.i++;
      if (isSpace(k.at())) k.i++;
      out.style = 'colon';
    } else if (isSpace(c)) {
      k.i++;
      out.style = 'space';
    } else {
      return false;
    }
    out.restStart = k.i;
    return true;
  }
}

/** 24-hour value of a header hour: 12 AM -> 0, 1 PM -> 13; a marker on an hour > 12 is ignored. */
export function hour24(hour: number, meridiem: 'am' | 'pm' | null): number {
  if (meridiem === null || hour > 12) return hour;
  if (meridiem === 'am') return hour === 12 ? 0 : hour;
  return hour === 12 ? 12 : hour + 12;
}
