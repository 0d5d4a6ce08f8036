/**
 * Identity of exported messages: a deterministic id (re-importing the same export is a no-op) and
 * the normalised text used to recognise an exported message that was also synced through the API
 * (same chat, same minute, same author, same normalised text).
 */
import { hash } from 'node:crypto';
import { stripInvisible } from './invisible.js';

/**
 * `exp-`, the time in base 36 (7 digits) and 16 hex characters of sha256 over chat, time, author,
 * text and ordinal. The ordinal tells apart identical messages in the same second (see
 * OrdinalCounter). Leading with the time keeps a chat's ids in time order, so a long export appends
 * to the (chat, id) index instead of writing all over it.
 */
export function exportMessageId(
  chatKey: string,
  utcSeconds: number,
  author: string | null,
  text: string,
  ordinal: number,
): string {
  const digest = hash(
    'sha256',
    `${chatKey}\u0000${utcSeconds}\u0000${author ?? ''}\u0000${ordinal}\u0000${text}`,
    'hex',
  );
  return `exp-${utcSeconds.toString(36).padStart(7, '0')}${digest.slice(0, 16)}`;
}

/**
 * Counts repeats of (time, author, text) so two identical messages sent in the same second get
 * ordinals 0 and 1. Only the current second is remembered (exports are chronological), keeping
 * memory constant; an identical message at an earlier second seen out of order restarts at 0.
 */
export class OrdinalCounter {
  private second = Number.NaN;
  private readonly seen = new Map<string, number>();

  next(utcSeconds: number, author: string | null, text: string): number {
    if (utcSeconds !== this.second) {
      this.second = utcSeconds;
      this.seen.clear();
    }
    const key = `${author ?? ''}\u0000${text}`;
    const ordinal = this.seen.get(key) ?? 0;
    this.seen.set(key, ordinal + 1);
    return ordinal;
  }
}

const EDIT_MARKERS =
  /<(?:This message was edited|Mensagem editada|Esta mensagem foi editada|Essa mensagem foi editada)>/gi;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const WHITESPACE = /\s+/g;

/**
 * Text reduced for matching: lower case, accents removed, invisible marks and edit markers gone,
 * whitespace runs (line breaks and no-break spaces included) collapsed to one space.
 * "Orçamento\n  OK!" -> "orcamento ok!". Punctuation and emoji stay: "👍" must not match "😂".
 */
export function normaliseForMatch(text: string): string {
  return stripInvisible(text)
    .replace(EDIT_MARKERS, ' ')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(WHITESPACE, ' ')
    .trim();
}

/** Author reduced for matching: `~`, marks and spacing removed, lower case, no accents. */
export function normaliseAuthorForMatch(author: string): string {
  return normaliseForMatch(author.replace(/^[\s~\u202f\u00a0]+/, ''));
}
