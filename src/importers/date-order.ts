/**
 * One date-order decision per file (export-formats.md §2). Evidence is gathered header by header in
 * the first pass, in constant memory:
 *   1. a 3-4 digit first component means year first;
 *   2. an order under which some date is impossible (month 13, 31 February) is ruled out;
 *   3. monotonicity: exports are (almost) chronological, so the order with fewer backward jumps of
 *      more than one day wins — this separates `1/5, 1/6, 1/12, 2/3` (US) from day-first;
 *   4. a day-first locale (pt, es, de, it, fr) from system strings or the file name;
 *   5. day-first by default.
 * A two-digit year-first reading (`25/02/14`) is only chosen when it is strictly more monotonic.
 */
import type { DateOrder, DateOrderReason, LocaleHint } from './types.js';

export interface DateOrderDecision {
  order: DateOrder;
  reason: DateOrderReason;
}

const ORDERS: readonly DateOrder[] = ['dmy', 'mdy', 'ymd'];

/** Days in each month of a non-leap year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function fullYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= MONTH_DAYS[month - 1]!;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Reads written components (a, b, c) as year, month, day under an order. */
export function componentsAs(order: DateOrder, a: number, b: number, c: number): [number, number, number] {
  if (order === 'dmy') return [fullYear(c), b, a];
  if (order === 'mdy') return [fullYear(c), a, b];
  return [fullYear(a), b, c];
}

/** Per-order tallies for one hypothesis. */
class Hypothesis {
  invalid = 0;
  backwardJumps = 0;
  private previousDay = Number.NaN;

  constructor(readonly order: DateOrder) {}

  add(a: number, b: number, c: number): void {
    // Inlined componentsAs: this runs three times per header.
    const dmy = this.order === 'dmy';
    const year = fullYear(this.order === 'ymd' ? a : c);
    const month = dmy ? b : this.order === 'mdy' ? a : b;
    const day = dmy ? a : this.order === 'mdy' ? b : c;
    if (!isValidDate(year, month, day)) {
      this.invalid++;
      return;
    }
    const dayNumber = daysFromCivil(year, month, day);
    if (dayNumber < this.previousDay - 1) this.backwardJumps++;
    this.previousDay = dayNumber;
  }
}

export class DateOrderEvidence {
  private yearFirst = 0;
  private yearLast = 0;
  private readonly hypotheses = ORDERS.map((order) => new Hypothesis(order));

  add(a: number, b: number, c: number, aDigits: number, cDigits: number): void {
    if (aDigits >= 3) this.yearFirst++;
    else if (cDigits >= 3) this.yearLast++;
    for (const hypothesis of this.hypotheses) hypothesis.add(a, b, c);
  }

  decide(localeHint: LocaleHint | null, override?: DateOrder): DateOrderDecision {
    if (override !== undefined) return { order: override, reason: 'override' };
    if (this.yearFirst > this.yearLast) return { order: 'ymd', reason: 'year-first' };
    const candidates = this.hypotheses.filter((h) => h.order !== 'ymd' || this.yearLast === 0);
    const fewestInvalid = Math.min(...candidates.map((h) => h.invalid));
    const possible = candidates.filter((h) => h.invalid === fewestInvalid);
    const only = possible.length === 1 ? possible[0] : undefined;
    if (only !== undefined) return { order: only.order, reason: 'component>12' };

    const fewestJumps = Math.min(...possible.map((h) => h.backwardJumps));
    const winners = possible.filter((h) => h.backwardJumps === fewestJumps).map((h) => h.order);
    const winner = winners.length === 1 ? winners[0] : undefined;
    if (winner !== undefined) return { order: winner, reason: 'monotonicity' };

    // Ties: a two-digit year-first reading never wins a tie.
    const usual = winners.filter((order) => order !== 'ymd');
    const single = usual.length === 1 ? usual[0] : undefined;
    if (single !== undefined) {
      const otherUsualPossible = possible.some((h) => h.order !== 'ymd' && h.order !== single);
      return { order: single, reason: otherUsualPossible ? 'monotonicity' : 'component>12' };
    }
    if (localeHint !== null && localeHint !== 'en') return { order: 'dmy', reason: 'locale' };
    return { order: 'dmy', reason: 'default' };
  }
}
