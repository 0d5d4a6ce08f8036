/** Output shapes of the WhatsApp "Export chat" parser. Pure data, no behaviour. */
import type { MessageType } from '../store/types.js';
import type { WallClock } from '../time.js';

export type { MessageType };

/** Order of the three date components as written in the export. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** Why the parser chose its date order (one decision per file). */
export type DateOrderReason =
  | 'override' // options.dateOrder
  | 'year-first' // a 3-4 digit first component
  | 'component>12' // a component > 12 (or an impossible date) rules the other orders out
  | 'monotonicity' // fewer backward jumps of more than one day under this order
  | 'locale' // system strings or the file name imply a day-first locale
  | 'default'; // undecidable: day-first

/** Language implied by system strings or the file name; every non-English one writes day first. */
export type LocaleHint = 'pt' | 'es' | 'de' | 'it' | 'fr' | 'en';

/** Layout of the header: Android `date time - ` or iOS `[date, time] `. */
export type ExportFormat = 'android' | 'ios';

/** A naive wall-clock time exactly as written in the export (no zone). */
export type LocalDateTime = WallClock;

export interface ExportAttachment {
  /** File name as the export gives it (zip entry or sibling file; for an omitted iOS document its
   *  original name); null when the export only says media was left out. */
  fileName: string | null;
  /** True when the export says the media was left out (`<Media omitted>`, `image omitted`...). */
  omitted: boolean;
}

export interface ExportLocation {
  /** Map link as written; null for a live location (the export carries no link). */
  url: string | null;
  lat?: number;
  lng?: number;
  /** Venue name (`Padaria X: https://foursquare.com/...`). */
  name?: string;
  live?: boolean;
}

export interface ExportPollOption {
  name: string;
  votes?: number;
}

export interface ExportPoll {
  question: string;
  options: ExportPollOption[];
}

export interface ExportMessage {
  /** 1-based line number of the header line. */
  line: number;
  local: LocalDateTime;
  /** Author in display form (invisible marks and the `~` of push names removed); null for system lines. */
  author: string | null;
  /** The author was shown as `~ Name` (a non-contact's push name). */
  authorIsPushName: boolean;
  /** Digits only, when the author is a phone number (`+55 31 99876-5432` -> `5531998765432`). */
  authorPhone?: string;
  kind: 'message' | 'system';
  type: MessageType;
  /** Body without invisible marks, lines kept; the caption for media; question + options for polls. */
  text: string;
  attachment?: ExportAttachment;
  edited: boolean;
  deleted: boolean;
  viewOnce?: boolean;
  location?: ExportLocation;
  poll?: ExportPoll;
}

export interface ExportWarning {
  /** 1-based line number the warning is about. */
  line: number;
  reason: string;
  /** The text concerned (for lines that could not be attached to a message: their full text). */
  text: string;
}

/** What the first pass learnt about the file; known before the first message is yielded. */
export interface ExportFileInfo {
  format: ExportFormat;
  dateOrder: DateOrder;
  dateOrderReason: DateOrderReason;
  /** AM/PM markers appear on most headers. */
  hour12: boolean;
  localeHint: LocaleHint | null;
  /** iOS style: `\r\n` ends a message and a bare `\n` is a newline typed inside it. */
  crlfBoundaries: boolean;
  /** Header lines found by the first pass (an upper bound of the message count). */
  headerCount: number;
  lineCount: number;
}

export interface ParseExportOptions {
  /** Skip detection and use this date order. */
  dateOrder?: DateOrder;
  /** Locale implied by something outside the text (usually the file name). */
  localeHint?: LocaleHint | null;
  /** Keep at most this many warnings in the result (default 1000 when streaming, all in memory). */
  maxWarnings?: number;
  onWarning?: (warning: ExportWarning) => void;
}

/** Result of the synchronous in-memory parser. */
export interface ParsedExport extends ExportFileInfo {
  messages: ExportMessage[];
  warnings: ExportWarning[];
  /** Warnings not kept because of maxWarnings. */
  droppedWarnings: number;
}

/**
 * Result of the streaming parser: info is final, messages stream, warnings fill while iterating.
 * Iterate either messages or batches (the same messages grouped per input chunk), once.
 */
export interface ExportStream {
  info: ExportFileInfo;
  messages: AsyncIterable<ExportMessage>;
  batches: AsyncIterable<ExportMessage[]>;
  warnings: ExportWarning[];
  /** Number of warnings beyond maxWarnings (read after iterating). */
  droppedWarnings(): number;
}

/** Re-opens the export text; called once per pass. Chunks may be strings or UTF-8 bytes. */
export type ChunkSourceFactory = () => AsyncIterable<string | Uint8Array>;
