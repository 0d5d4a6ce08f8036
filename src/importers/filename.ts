/**
 * Metadata carried by an export's file name (export-formats.md §7): the chat name in the patterns
 * WhatsApp uses per language, and the business convention
 * `WhatsApp - 2025-01-15 10 30 00 - NAME.txt` (date and time of the export, phone number or service
 * order reference inside NAME).
 */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import type { LocaleHint, LocalDateTime } from './types.js';

export interface FileNameInfo {
  /** Chat or contact name; null when the name says nothing (`_chat.txt`, `notes.txt`). */
  chatName: string | null;
  /** Local date and time in the business convention's name. */
  fileDate?: LocalDateTime;
  /** Digits of a phone number found in the chat name (country code included). */
  phone?: string;
  /** Service-order number found in the chat name (`OS 30415` -> `30415`). */
  orderRef?: string;
  /** Language of WhatsApp's own file-name pattern. */
  localeHint?: LocaleHint;
}

export interface FileNameOptions {
  /** Country assumed for numbers written without `+` (default BR). */
  defaultCountry?: CountryCode;
}

/** WhatsApp's own patterns, most specific first. */
const CHAT_NAME_PATTERNS: ReadonlyArray<readonly [RegExp, LocaleHint]> = [
  [/^WhatsApp Chat with (.+)$/i, 'en'],
  [/^WhatsApp Chat - (.+)$/i, 'en'], // iOS zip
  [/^Conversa (?:do|no) WhatsApp com (.+)$/i, 'pt'],
  [/^Chat de WhatsApp con (.+)$/i, 'es'],
  [/^Chat WhatsApp con (.+)$/i, 'it'],
  [/^WhatsApp[- ]Chat mit (.+)$/i, 'de'],
  [/^Discussion WhatsApp avec (.+)$/i, 'fr'],
];

/** `WhatsApp - 2025-01-15 10 30 00 - NAME` (colons of the time replaced by spaces or similar). */
const BUSINESS = /^WhatsApp - (\d{4})-(\d{2})-(\d{2})[ T_](\d{2})[ :._-](\d{2})[ :._-](\d{2}) - (.+)$/i;
/** `OS 30415`, `OS: 30415`, `OS-30415`, `OS nº 30415`, `O.S. 30415`, `OS#30415`. */
const ORDER_REF = /(?:^|[^\p{L}\p{N}])(?:OS|O\.S\.)\s*(?:n[º°o.]?\s*|[:#-]\s*)?(\d{3,})(?!\d)/u;
const EXTENSION = /\.(?:txt|zip)$/i;
const DUPLICATE_SUFFIX = /\s*\(\d{1,3}\)$/;

/** Reads the metadata from a file name (a base name; directories are ignored). */
export function parseExportFileName(fileName: string, options: FileNameOptions = {}): FileNameInfo {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  let stem = base.replace(EXTENSION, '').replace(EXTENSION, '').replace(DUPLICATE_SUFFIX, '');
  // Transport artefact: `WhatsApp_Chat_with_Carla.txt`.
  if (!stem.includes(' ') && stem.includes('_')) stem = stem.replace(/_+/g, ' ').trim();

  const info: FileNameInfo = { chatName: null };
  const business = BUSINESS.exec(stem);
  if (business !== null) {
    const [, year, month, day, hour, minute, second, name] = business;
    info.fileDate = {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour),
      minute: Number(minute),
      second: Number(second),
    };
    info.chatName = name!.trim();
  } else {
    for (const [pattern, locale] of CHAT_NAME_PATTERNS) {
      const match = pattern.exec(stem);
      if (match !== null) {
        info.chatName = match[1]!.replace(DUPLICATE_SUFFIX, '').trim();
        info.localeHint = locale;
        break;
      }
    }
  }
  if (info.chatName !== null) addReferences(info, info.chatName, options.defaultCountry ?? 'BR');
  return info;
}

function addReferences(info: FileNameInfo, name: string, country: CountryCode): void {
  const order = ORDER_REF.exec(name);
  if (order !== null) info.orderRef = order[1]!;
  // The order number must not be read as a phone number.
  const withoutOrder = order === null ? name : name.replace(order[0], ' ');
  const phone = findPhoneNumbersInText(withoutOrder, { defaultCountry: country })[0];
  if (phone !== undefined) info.phone = phone.number.number.replace(/^\+/, '');
}
