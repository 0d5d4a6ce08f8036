/**
 * First pass: reads only the headers to make the file-wide decisions before any message is built —
 * which header layouts are real (a pasted `dd/mm/yyyy hh:mm text` line in an Android chat is not),
 * the date order, 12/24 h, whether `\r\n` marks message boundaries, the locale, and which authors
 * contain `: `. Constant memory: counters plus bounded author statistics.
 */
import { AuthorEvidence, type AuthorSplitter } from './author.js';
import { DateOrderEvidence } from './date-order.js';
import { HeaderMatcher, newHeaderFields, type HeaderStyle } from './header.js';
import { isDayFirstLocale, localeOf } from './locale.js';
import type { DateOrder, ExportFileInfo, LocaleHint } from './types.js';

/** Locale strings are looked for in the first headers only; notices come early. */
const LOCALE_SCAN_HEADERS = 5_000;
/** A minority layout is accepted when it has at least this share of the headers (merged exports). */
const MINORITY_STYLE_SHARE = 0.2;
/** `\r\n` marks boundaries only when nearly every header follows one (iOS). */
const CRLF_SHARE = 0.8;

const STYLES: readonly HeaderStyle[] = ['dash', 'bracket', 'colon', 'space'];
const STYLE_INDEX: Readonly<Record<HeaderStyle, number>> = { dash: 0, bracket: 1, colon: 2, space: 3 };

export interface ScanResult {
  info: ExportFileInfo;
  acceptedStyles: ReadonlySet<HeaderStyle>;
  authors: AuthorSplitter;
}

export class HeaderScanner {
  private readonly fields = newHeaderFields();
  private readonly headers = new HeaderMatcher();
  /** Per header style, in STYLES order (arrays: this runs once per line). */
  private readonly styleCounts = STYLES.map(() => 0);
  private readonly dateEvidence = STYLES.map(() => new DateOrderEvidence());
  private readonly authors = new AuthorEvidence();
  private lineCount = 0;
  private headerCount = 0;
  private meridiemCount = 0;
  private afterCrlf = 0;
  private afterLf = 0;
  private previousCrlf = false;
  private dayFirstLocale: LocaleHint | null = null;
  private englishSeen = false;

  /** Bound to use as a LineSink. */
  readonly line = (text: string, crlf: boolean): void => {
    this.lineCount++;
    const previousCrlf = this.previousCrlf;
    this.previousCrlf = crlf;
    const f = this.fields;
    if (!this.headers.match(text, f)) return;
    this.headerCount++;
    const style = STYLE_INDEX[f.style];
    this.styleCounts[style]!++;
    this.dateEvidence[style]!.add(f.a, f.b, f.c, f.aDigits, f.cDigits);
    if (f.meridiem !== null) this.meridiemCount++;
    if (this.lineCount > 1) {
      if (previousCrlf) this.afterCrlf++;
      else this.afterLf++;
    }
    this.authors.add(text, f.restStart);
    if (this.dayFirstLocale === null && this.headerCount <= LOCALE_SCAN_HEADERS) {
      const hint = localeOf(text.slice(f.restStart));
      if (hint === 'en') this.englishSeen = true;
      else if (hint !== null) this.dayFirstLocale = hint;
    }
  };

  finish(options: { dateOrder?: DateOrder; localeHint?: LocaleHint | null }): ScanResult {
    const ranked = STYLES.map((style, i) => [style, this.styleCounts[i]!] as const).sort(
      (x, y) => y[1] - x[1],
    );
    const dominant = ranked[0]![0];
    const acceptedStyles = new Set<HeaderStyle>([dominant]);
    for (const [style, count] of ranked) {
      if (count > 0 && count >= this.headerCount * MINORITY_STYLE_SHARE) acceptedStyles.add(style);
    }
    const textLocale = this.dayFirstLocale ?? (this.englishSeen ? 'en' : null);
    const localeHint = textLocale ?? options.localeHint ?? null;
    const orderLocale = isDayFirstLocale(textLocale) ? textLocale : (options.localeHint ?? textLocale);
    const decision = this.dateEvidence[STYLE_INDEX[dominant]]!.decide(orderLocale, options.dateOrder);
    const boundaries = this.afterCrlf + this.afterLf;
    return {
      info: {
        format: dominant === 'bracket' ? 'ios' : 'android',
        dateOrder: decision.order,
        dateOrderReason: decision.reason,
        hour12: this.headerCount > 0 && this.meridiemCount * 2 >= this.headerCount,
        localeHint,
        crlfBoundaries: this.afterCrlf > 0 && this.afterCrlf >= boundaries * CRLF_SHARE,
        headerCount: this.headerCount,
        lineCount: this.lineCount,
      },
      acceptedStyles,
      authors: this.authors.toSplitter(),
    };
  }
}
