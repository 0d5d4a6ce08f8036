/**
 * Second pass: turns lines into messages using the decisions of the first pass. A header starts a
 * message; every other line belongs to the message before it (blank lines included), or — before
 * the first header — becomes a warning carrying its text, so no line is ever lost.
 */
import type { AuthorSplit } from './author.js';
import { classifyBody } from './bodies.js';
import { fullYear, isValidDate } from './date-order.js';
import { HeaderMatcher, hour24, newHeaderFields, type HeaderFields } from './header.js';
import type { ScanResult } from './scan.js';
import type { ExportMessage, ExportWarning, LocalDateTime } from './types.js';

/** Lines before the first header are grouped into warnings of at most this many characters. */
const MAX_PREAMBLE_WARNING = 64 * 1024;

export class MessageAssembler {
  private readonly fields = newHeaderFields();
  private readonly headers = new HeaderMatcher();
  private readonly split: AuthorSplit = { author: null, bodyStart: 0 };
  private lineNumber = 0;
  private previousCrlf = true;
  private current: ExportMessage | null = null;
  private currentFirst = '';
  private currentIos = false;
  private currentMore: string[] = [];
  private preamble: ExportWarning | null = null;

  constructor(
    private readonly scan: ScanResult,
    private readonly emit: (message: ExportMessage) => void,
    private readonly warn: (warning: ExportWarning) => void,
  ) {}

  /** Bound to use as a LineSink. */
  readonly line = (text: string, crlf: boolean): void => {
    this.lineNumber++;
    const atBoundary = this.previousCrlf || !this.scan.info.crlfBoundaries;
    this.previousCrlf = crlf;
    const f = this.fields;
    if (this.headers.match(text, f)) {
      if (!atBoundary) {
        this.warnAt('header-like line inside a message (no \\r\\n before it) kept as text', text);
      } else if (!this.scan.acceptedStyles.has(f.style)) {
        this.warnAt('header-like line in a layout the rest of the file does not use kept as text', text);
      } else {
        const local = this.localTime(f, text);
        if (local !== null) {
          this.start(text, local);
          return;
        }
      }
    }
    this.continuation(text);
  };

  /** Flushes the last message; terminated is false when the text ended without a line break. */
  end(terminated: boolean): void {
    this.flush();
    this.closePreamble();
    if (!terminated && this.lineNumber > 0) {
      this.warnAt('the last line has no line break: the file may be truncated', '');
    }
    if (this.scan.info.headerCount === 0 && this.lineNumber > 0) {
      this.warn({
        line: 1,
        reason: 'no message header found: this does not look like a WhatsApp export',
        text: '',
      });
    }
  }

  private start(text: string, local: LocalDateTime): void {
    this.flush();
    this.closePreamble();
    const f = this.fields;
    this.scan.authors.split(text, f.restStart, f.style !== 'bracket', this.split);
    const identity = this.split.author;
    const message: ExportMessage = {
      line: this.lineNumber,
      local,
      author: null,
      authorIsPushName: false,
      kind: 'message',
      type: 'text',
      text: '',
      edited: false,
      deleted: false,
    };
    if (identity !== null) {
      message.author = identity.name;
      message.authorIsPushName = identity.isPushName;
      if (identity.phone !== undefined) message.authorPhone = identity.phone;
    }
    this.current = message;
    this.currentIos = f.style === 'bracket';
    this.currentFirst = text.slice(this.split.bodyStart);
  }

  private continuation(text: string): void {
    if (this.current !== null) {
      this.currentMore.push(text);
      return;
    }
    const preamble = this.preamble;
    if (preamble !== null && preamble.text.length + text.length < MAX_PREAMBLE_WARNING) {
      preamble.text += `\n${text}`;
      return;
    }
    this.closePreamble();
    if (text.trim() === '') return;
    this.preamble = { line: this.lineNumber, reason: 'text before the first message', text };
  }

  private flush(): void {
    const message = this.current;
    if (message === null) return;
    const more = this.currentMore.length === 0 ? null : this.currentMore.join('\n');
    this.currentMore = [];
    this.current = null;
    classifyBody(message, this.currentFirst, more, this.currentIos);
    this.emit(message);
  }

  private closePreamble(): void {
    if (this.preamble === null) return;
    this.preamble.text = this.preamble.text.replace(/\n+$/, '');
    this.warn(this.preamble);
    this.preamble = null;
  }

  /** Date and time of a header under the file's order; null (with a warning) when impossible. */
  private localTime(f: HeaderFields, text: string): LocalDateTime | null {
    const order = this.scan.info.dateOrder;
    const year = fullYear(order === 'ymd' ? f.a : f.c);
    let month = order === 'mdy' ? f.a : f.b;
    let day = order === 'dmy' ? f.a : order === 'mdy' ? f.b : f.c;
    if (!isValidDate(year, month, day)) {
      if (!isValidDate(year, day, month)) {
        this.warnAt('impossible date in a header-like line kept as text', text);
        return null;
      }
      this.warnAt('impossible date for the file date order: day and month swapped', text);
      [month, day] = [day, month];
    }
    if (f.meridiem !== null && f.hour > 12) this.warnAt('AM/PM marker on an hour above 12 ignored', text);
    return { year, month, day, hour: hour24(f.hour, f.meridiem), minute: f.minute, second: f.second };
  }

  private warnAt(reason: string, text: string): void {
    this.warn({ line: this.lineNumber, reason, text });
  }
}
