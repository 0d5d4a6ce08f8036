import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * Phone numbers in every form people write them (+55 (31) 99876-5432, 5531998765432, 31 99876-5432,
 * with or without Brazil's ninth digit) reduced to E.164, plus the variants WhatsApp may use as id.
 */

const INVISIBLE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** True when the text is made of phone-number characters and has enough digits to be one. */
export function looksLikePhone(text: string): boolean {
  const cleaned = text.replace(INVISIBLE, '').trim();
  if (!/^\+?[\d\s().\-\u2011]+$/.test(cleaned)) return false;
  const digits = cleaned.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15;
}

/** E.164 (+5531998765432) for a phone written in any common format, or null. */
export function normalisePhone(input: string, defaultCountry = 'BR'): string | null {
  const cleaned = input
    .replace(INVISIBLE, '')
    .replace(/\u2011/g, '-')
    .trim();
  if (!looksLikePhone(cleaned)) return null;
  const digits = cleaned.replace(/\D/g, '');
  const country = defaultCountry.toUpperCase() as CountryCode;
  // Digits-only strings that already carry a country code (WhatsApp ids) are international.
  const candidates = cleaned.startsWith('+')
    ? [cleaned]
    : digits.length >= 12
      ? [`+${digits}`, cleaned]
      : [cleaned, `+${digits}`];
  for (const candidate of candidates) {
    const explicit = candidate === cleaned && cleaned.startsWith('+');
    const parsed = candidate.startsWith('+')
      ? parsePhoneNumberFromString(candidate)
      : parsePhoneNumberFromString(candidate, country);
    if (!parsed) continue;
    const modern = withBrazilNinthDigit(parsed.number);
    // A number written with + is taken as possible; a guessed reading must be a real numbering-plan
    // number (so 99876-5432 without an area code is not read as +55 99 876...).
    if (explicit ? parsed.isPossible() : parsed.isValid() || parsePhoneNumberFromString(modern)?.isValid())
      return modern;
  }
  return null;
}

/**
 * Brazilian mobiles gained a ninth digit (9) in 2012-2016; WhatsApp ids of older accounts still
 * lack it. Returns the number in its modern form.
 */
function withBrazilNinthDigit(e164: string): string {
  const m = /^\+55(\d{2})([6-9]\d{7})$/.exec(e164);
  return m ? `+55${m[1]}9${m[2]}` : e164;
}

/** Every E.164 form the same person may appear under (Brazil: with and without the ninth digit). */
export function phoneVariants(e164: string): string[] {
  const m = /^\+55(\d{2})9([6-9]\d{7})$/.exec(e164);
  return m ? [e164, `+55${m[1]}${m[2]}`] : [e164];
}

/** The phone of a personal WhatsApp id (5531998765432@c.us); null for groups and @lid ids. */
export function phoneFromWaId(waId: string): string | null {
  const m = /^(\d{8,15})@(?:c\.us|s\.whatsapp\.net)$/.exec(waId);
  return m?.[1] ? normalisePhone(`+${m[1]}`) : null;
}

/** The @c.us ids under which a phone may be known (Brazil: with and without the ninth digit). */
export function waIdsForPhone(e164: string): string[] {
  return phoneVariants(e164).map((p) => `${p.slice(1)}@c.us`);
}

/** Display form: +55 31 99876-5432 for Brazil, the international format elsewhere. */
export function formatPhone(e164: string): string {
  const br = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  if (br) return `+55 ${br[1]} ${br[2]}-${br[3]}`;
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}
